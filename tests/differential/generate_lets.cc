// Lets: literal constants of every kind, and lets computed from earlier
// lets (aliases, arithmetic, functions, lists of lets). Lets are written in
// random order, so some are used before they are defined.
#include <limits>

#include "tests/differential/generator_internal.h"

namespace intent::difftest {
namespace {

constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinInt = std::numeric_limits<int64_t>::min();

class LetGen {
 public:
  LetGen(Rng& rng, SchemaModel& model, Constants& constants)
      : rng_(rng), model_(model), constants_(constants) {}

  std::vector<Let> Generate() {
    int count = static_cast<int>(rng_.Range(0, 8));
    for (int i = 0; i < count; ++i) {
      Let let = !lets_.empty() && rng_.Chance(35) ? Derived() : Literal();
      let.name += "_" + std::to_string(i + 1);
      lets_.push_back(std::move(let));
    }
    return std::move(lets_);
  }

 private:
  const Type* T(Kind kind) { return model_.Primitive(kind); }

  const Type* PickEnum() {
    std::vector<const Type*> enums;
    for (const Type* type : model_.named) {
      if (type->Is(Kind::kEnum)) enums.push_back(type);
    }
    return rng_.Pick(enums);
  }

  // A string literal of the kind a let's `converts_to` says (plain text
  // when null).
  std::string Text(const Type* converts_to) {
    if (converts_to == nullptr) {
      const std::string& word = rng_.Pick(rng_.Chance(60) ? Words() : Domains());
      constants_.Add(&ConstantSet::strings, word, "");
      return word;
    }
    if (converts_to->Is(Kind::kEmail)) {
      std::string email = rng_.Pick(Locals()) + "@" + rng_.Pick(Domains());
      constants_.Add(&ConstantSet::emails, email, "");
      return email;
    }
    if (converts_to->Is(Kind::kTimestamp)) {
      int64_t micros = PolicyInstant(rng_, constants_.base_time);
      constants_.Add(&ConstantSet::timestamps, micros, "");
      return InstantText(rng_, micros);
    }
    return rng_.Pick(converts_to->values);
  }

  const Type* PickConversion() {
    switch (rng_.Weighted({40, 20, 20, 20})) {
      case 0: return nullptr;
      case 1: return T(Kind::kEmail);
      case 2: return T(Kind::kTimestamp);
      default: return PickEnum();
    }
  }

  std::string TextList(const Type* converts_to, std::vector<std::string>& texts) {
    std::string list = "[";
    int size = static_cast<int>(rng_.Range(1, 4));
    for (int i = 0; i < size; ++i) {
      texts.push_back(Text(converts_to));
      list += (i ? ", " : "") + Quote(texts.back());
    }
    return list + "]";
  }

  std::string Quote(const std::string& text) { return StringLiteral(text, rng_); }

  Let Literal() {
    Let let;
    switch (rng_.Weighted({30, 20, 12, 8, 10, 8, 8, 4})) {
      case 0: {
        let.converts_to = PickConversion();
        std::string text = Text(let.converts_to);
        if (let.converts_to && let.converts_to->Is(Kind::kTimestamp)) {
          let.number = ParseInstant(text);
        }
        let.texts = {text};
        return Named(let, "text", Quote(text), T(Kind::kString));
      }
      case 1:
        let.converts_to = PickConversion();
        return Named(let, "texts", TextList(let.converts_to, let.texts),
                     model_.ListOf(T(Kind::kString)));
      case 2: {
        const Pattern& pattern = rng_.Pick(Patterns());
        for (const std::string& sample : pattern.samples) {
          constants_.Add(&ConstantSet::strings, sample, "");
        }
        let.is_pattern = true;
        let.texts = pattern.samples;
        return Named(let, "pattern", Quote(pattern.regex), T(Kind::kString));
      }
      case 3: {
        std::string days = "[";
        for (const std::string& day : Weekdays()) {
          if (!rng_.Chance(50)) continue;
          days += (days.size() > 1 ? ", " : "") + Quote(day);
          let.texts.push_back(day);
        }
        return Named(let, "days", days + "]", model_.ListOf(T(Kind::kString)));
      }
      case 4:
        let.number = rng_.Chance(50) ? rng_.Range(-5, 100) : rng_.Pick(BoundaryInts());
        constants_.Add(&ConstantSet::ints, let.number, "");
        return Named(let, "n", IntLiteral(let.number), T(Kind::kInt));
      case 5: {
        std::string list = "[";
        int size = static_cast<int>(rng_.Range(1, 4));
        for (int i = 0; i < size; ++i) {
          int64_t value = rng_.Chance(70) ? rng_.Range(-3, 10) : rng_.Pick(BoundaryInts());
          constants_.Add(&ConstantSet::ints, value, "");
          list += (i ? ", " : "") + IntLiteral(value);
        }
        return Named(let, "ints", list + "]", model_.ListOf(T(Kind::kInt)));
      }
      case 6: return DurationLiteralLet(std::move(let));
      default: return Named(let, "flag", rng_.Chance(50) ? "true" : "false", T(Kind::kBool));
    }
  }

  Let DurationLiteralLet(Let let) {
    static const std::vector<int64_t> small = {30 * kSecond, 15 * kMinute, kHour, 2 * kHour, kDay};
    let.number = rng_.Pick(small);
    constants_.Add(&ConstantSet::durations, let.number, "");
    if (rng_.Chance(50)) {
      return Named(let, "window", DurationLiteral(let.number), T(Kind::kDuration));
    }
    // `2h + 30m`: an operator between constants.
    let.number += 30 * kMinute;
    constants_.Add(&ConstantSet::durations, let.number, "");
    return Named(let, "window", DurationLiteral(let.number - 30 * kMinute) + " + 30m",
                 T(Kind::kDuration));
  }

  // A let computed from an earlier one.
  Let Derived() {
    Let& source = lets_[rng_.Index(lets_.size())];
    Let let;
    const Type* type = source.type;
    if (type == T(Kind::kString)) return FromString(std::move(let), source);
    if (type == T(Kind::kInt)) return FromInt(std::move(let), source);
    if (type == T(Kind::kDuration)) {
      let.number = source.number + kHour;
      constants_.Add(&ConstantSet::durations, let.number, "");
      return Named(let, "later", source.name + " + 1h", type);
    }
    if (type->Is(Kind::kList)) {
      return Named(let, "size", "size(" + source.name + ")", T(Kind::kInt));
    }
    return Named(let, "alias", source.name, type);
  }

  Let FromString(Let let, const Let& source) {
    // `+ 1h` must not leave the years 0000 to 9999 when the let is evaluated.
    bool instant = source.converts_to != nullptr && source.converts_to->Is(Kind::kTimestamp) &&
                   source.number < ParseInstant("9999-12-31T00:00:00Z");
    switch (rng_.Weighted({30, 25, 25, instant ? 20 : 0})) {
      case 0:
        // An alias keeps converting (and stays a pattern): lets are followed.
        let.converts_to = source.converts_to;
        let.is_pattern = source.is_pattern;
        let.number = source.number;
        let.texts = source.texts;
        return Named(let, "alias", source.name, source.type);
      case 1: {
        // A list of lets and literals of the same kind converts as a whole.
        let.converts_to = source.is_pattern ? nullptr : source.converts_to;
        let.texts = source.texts;
        let.texts.push_back(Text(let.converts_to));
        std::string list = "[" + source.name + ", " + Quote(let.texts.back()) + "]";
        return Named(let, "both", list, model_.ListOf(T(Kind::kString)));
      }
      case 2: {
        static const std::vector<std::string> functions = {"lower", "upper", "trim"};
        return Named(let, "text", rng_.Pick(functions) + "(" + source.name + ")", T(Kind::kString));
      }
      default: {
        // A string that converts to a timestamp, plus a duration: a timestamp.
        let.number = source.number + kHour;
        return Named(let, "deadline", source.name + " + 1h", T(Kind::kTimestamp));
      }
    }
  }

  Let FromInt(Let let, const Let& source) {
    int64_t v = source.number;
    if (v > -10000 && v < 10000 && rng_.Chance(40)) {
      return Named(let, "span", "hours(" + source.name + ")", T(Kind::kDuration));
    }
    // Arithmetic that stays in range: the let is evaluated once, and must not fail.
    if (v != kMinInt && rng_.Chance(50)) {
      let.number = -v;
      constants_.Add(&ConstantSet::ints, let.number, "");
      return Named(let, "neg", "-" + source.name, T(Kind::kInt));
    }
    bool up = v < kMaxInt;
    let.number = up ? v + 1 : v - 1;
    constants_.Add(&ConstantSet::ints, let.number, "");
    return Named(let, "next", source.name + (up ? " + 1" : " - 1"), T(Kind::kInt));
  }

  // Takes `let` by reference so that the other arguments may still read it.
  static Let Named(Let& let, const std::string& stem, std::string value, const Type* type) {
    let.name = stem;
    let.value = std::move(value);
    let.type = type;
    return std::move(let);
  }

  Rng& rng_;
  SchemaModel& model_;
  Constants& constants_;
  std::vector<Let> lets_;
};

}  // namespace

std::vector<Let> GenerateLets(Rng& rng, SchemaModel& model, Constants& constants) {
  return LetGen(rng, model, constants).Generate();
}

}  // namespace intent::difftest
