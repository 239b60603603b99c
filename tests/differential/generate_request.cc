// Requests: mostly valid calls of random operations, with values drawn
// from the constants the policies use (so conditions go both ways), a
// request clock that moves in steps around count and limit windows, and
// about one in ten ill-formed.
#include <algorithm>
#include <cctype>
#include <limits>

#include "stdlib/timestamp.h"
#include "stdlib/timezone.h"
#include "tests/differential/generator_internal.h"
#include "tests/differential/request_draft.h"

namespace intent::difftest {
namespace {

int64_t ClampToTimestampRange(int64_t micros) {
  return std::clamp(micros, stdlib::kMinTimestampMicros, stdlib::kMaxTimestampMicros);
}

// c (half the time), c - 1 or c + 1, without overflow.
int64_t Near(int64_t c, Rng& rng) {
  int64_t delta = rng.Chance(50) ? 0 : rng.Chance(50) ? -1 : 1;
  if ((delta > 0 && c == std::numeric_limits<int64_t>::max()) ||
      (delta < 0 && c == std::numeric_limits<int64_t>::min())) {
    return c;
  }
  return c + delta;
}

class RequestGen {
 public:
  RequestGen(Rng& rng, const SchemaModel& model, const Constants& constants)
      : rng_(rng), model_(model), constants_(constants) {
    JumpClock();
  }

  GeneratedRequest Next() {
    AdvanceClock();
    // Mostly operations the rules target, so that most rules get to decide.
    const Operation& op = !constants_.targets.empty() && rng_.Chance(70)
                              ? *rng_.Pick(constants_.targets)
                              : rng_.Pick(model_.operations);
    Draft draft = Valid(op);
    if (!rng_.Chance(10)) return {draft.Render(), RequestKind::kValid, clock_};
    if (rng_.Chance(30)) {
      return {MakeMalformed(rng_, draft.Render()), RequestKind::kMalformedJson, clock_};
    }
    MakeInvalid(rng_, model_, op, draft);
    return {draft.Render(), RequestKind::kInvalidRequest, clock_};
  }

 private:
  // The clock starts a little before the scenario's base time (a midnight
  // or DST change), and sometimes jumps to another one.
  void JumpClock() {
    int64_t start = rng_.Chance(80) ? constants_.base_time : rng_.Pick(BaseTimes());
    clock_ = start - rng_.Range(0, 10800) * kSecond;  // up to 3 hours before
  }

  // Steps that keep calls inside windows, land exactly on window edges,
  // leave them, and sometimes go back (requests may arrive out of order).
  void AdvanceClock() {
    static const std::vector<int64_t> windows = {30 * kSecond, kMinute, 10 * kMinute, kHour, kDay};
    switch (rng_.Weighted({10, 30, 22, 10, 10, 5, 6, 4, 3})) {
      case 0: break;
      case 1: clock_ += rng_.Range(1, 59) * kSecond; break;
      case 2: clock_ += rng_.Range(1, 30) * kMinute; break;
      case 3: clock_ += rng_.Pick(windows); break;
      case 4: clock_ += rng_.Range(1, 6) * kHour; break;
      case 5: clock_ += rng_.Range(1, 2) * kDay; break;
      case 6: clock_ -= rng_.Range(1, 300) * kSecond; break;
      case 7: clock_ += 1; break;
      default: JumpClock();
    }
  }

  Draft Valid(const Operation& op) {
    Draft draft;
    draft.ascii = rng_.Chance(20);
    std::vector<std::string> order = {"principal", "operation", "input", "context"};
    if (rng_.Chance(30)) rng_.Shuffle(order);
    for (const std::string& member : order) {
      if (member == "principal") draft.request["principal"] = Principal();
      if (member == "operation") draft.request["operation"] = op.Id();
      if (member == "input") AddInput(op, draft.request);
      if (member == "context") AddContext(draft.request);
    }
    return draft;
  }

  std::string Principal() {
    if (rng_.Chance(4)) return "";
    // What conditions compare `principal` with.
    auto compared = constants_.by_field.find("principal");
    if (compared != constants_.by_field.end() && !compared->second.strings.empty() &&
        rng_.Chance(20)) {
      return rng_.Pick(compared->second.strings);
    }
    // A key of the members map: `data.members[principal]` then hits.
    if (const ConstantSet* members = DataKeys("members");
        members != nullptr && !members->strings.empty() && rng_.Chance(12)) {
      return rng_.Pick(members->strings);
    }
    if (!constants_.agents.empty() && rng_.Chance(55)) return rng_.Pick(constants_.agents);
    return rng_.Chance(90) ? rng_.Pick(Agents()) : FlipCase(rng_.Pick(Agents()), rng_);
  }

  void AddInput(const Operation& op, Json& request) {
    if (op.input.empty()) {
      // Not needed without input fields; `{}` and null are accepted too.
      switch (rng_.Weighted({50, 30, 20})) {
        case 0: return;
        case 1: request["input"] = Json::object(); return;
        default: request["input"] = nullptr; return;
      }
    }
    request["input"] = Record(op.input, 0);
  }

  void AddContext(Json& request) {
    bool required = std::any_of(model_.context.begin(), model_.context.end(),
                                [](const Field& f) { return !f.optional; });
    if (!required && rng_.Chance(12)) {
      if (rng_.Chance(30)) request["context"] = nullptr;
      return;
    }
    Json context = Record(model_.context, 0);
    if (rng_.Chance(88)) context["time"] = RequestTime();
    request["context"] = context;
  }

  Json RequestTime() {
    // Rarely the first or last representable second: `now + 1d` overflows.
    if (rng_.Chance(1)) return rng_.Chance(50) ? "9999-12-31T23:59:59Z" : "0001-01-01T00:00:00Z";
    return TimestampJson(clock_);
  }

  Json Record(const std::vector<Field>& fields, int depth) {
    std::vector<const Field*> order;
    order.reserve(fields.size());
    for (const Field& field : fields) order.push_back(&field);
    if (rng_.Chance(30)) rng_.Shuffle(order);
    Json object = Json::object();
    for (const Field* field : order) {
      if (field->optional && rng_.Chance(30)) {
        if (rng_.Chance(15)) object[field->name] = nullptr;  // null is absent too
        continue;
      }
      object[field->name] = Value(field->type, depth + 1, field->name);
    }
    // Undeclared members are ignored, but must be well-formed.
    if (rng_.Chance(5))
      object["undeclared_" + std::to_string(depth)] = {{"any", {1, "two", nullptr}}};
    return object;
  }

  // A value for a field (or list element) named `field`.
  Json Value(const Type* type, int depth, const std::string& field) {
    const ConstantSet& pool = Pool(field);
    switch (type->kind) {
      case Kind::kBool: return rng_.Chance(50);
      case Kind::kInt: return Int(pool);
      case Kind::kString: return String(pool);
      case Kind::kEmail: return Email(pool);
      case Kind::kTimestamp: return Timestamp(pool);
      case Kind::kDuration: return Duration(pool);
      case Kind::kEnum: return rng_.Pick(type->values);
      case Kind::kList: {
        Json list = Json::array();
        size_t size = rng_.Weighted({15, 30, 25, 18, 12});
        if (type->element->Is(Kind::kRecord)) size = std::min<size_t>(size, 3);
        for (size_t i = 0; i < size; ++i) list.push_back(Value(type->element, depth + 1, field));
        return list;
      }
      case Kind::kRecord: return Record(type->fields, depth);
      case Kind::kMap: break;  // data only: never in a request
    }
    return nullptr;
  }

  // The constants compared with fields of this name, most of the time.
  const ConstantSet& Pool(const std::string& field) {
    auto it = constants_.by_field.find(field);
    return it != constants_.by_field.end() && rng_.Chance(60) ? it->second : constants_.all;
  }

  // The pool's constants of one kind, or all constants of that kind.
  template <class T>
  const std::vector<T>& Of(const ConstantSet& pool, std::vector<T> ConstantSet::*kind) {
    return (pool.*kind).empty() ? constants_.all.*kind : pool.*kind;
  }

  int64_t Int(const ConstantSet& pool) {
    const std::vector<int64_t>& used = Of(pool, &ConstantSet::ints);
    switch (rng_.Weighted({50, 20, 15, 15})) {
      case 0:
        if (!used.empty()) return Near(rng_.Pick(used), rng_);
        [[fallthrough]];
      case 1: return rng_.Range(0, 5);
      case 2: return rng_.Pick(BoundaryInts());
      default: return rng_.Range(-1000, 1000);
    }
  }

  std::string String(const ConstantSet& pool) {
    const std::vector<std::string>& used = Of(pool, &ConstantSet::strings);
    switch (rng_.Weighted(
        {used.empty() ? 0 : 35, used.empty() ? 0 : 10, used.empty() ? 0 : 15, 25, 15})) {
      case 0: return rng_.Pick(used);
      case 1: return FlipCase(rng_.Pick(used), rng_);
      case 2:
        return rng_.Chance(50) ? rng_.Pick(used) + " " + rng_.Pick(Words())
                               : rng_.Pick(Words()) + rng_.Pick(used);
      case 3: return rng_.Pick(Words());
      default: return rng_.Pick(rng_.Chance(50) ? Weekdays() : Domains());
    }
  }

  const ConstantSet* DataKeys(const std::string& document) const {
    auto it = constants_.data_keys.find(document);
    return it == constants_.data_keys.end() ? nullptr : &it->second;
  }

  std::string Email(const ConstantSet& pool) {
    // A key of the owners map with the domain's case changed (the same
    // key) or the local part's (another one).
    if (const ConstantSet* owners = DataKeys("owners");
        owners != nullptr && !owners->emails.empty() && rng_.Chance(8)) {
      std::string email = rng_.Pick(owners->emails);
      size_t at = email.rfind('@');
      if (rng_.Chance(50)) return email.substr(0, at) + FlipCase(email.substr(at), rng_);
      if (rng_.Chance(40)) return FlipCase(email.substr(0, at), rng_) + email.substr(at);
      return email;
    }
    const std::vector<std::string>& used = Of(pool, &ConstantSet::emails);
    if (!used.empty() && rng_.Chance(30)) {
      std::string email = rng_.Pick(used);
      size_t at = email.rfind('@');
      return email.substr(0, at) + FlipCase(email.substr(at), rng_);  // same address
    }
    std::string domain = rng_.Pick(Domains());
    return rng_.Pick(Locals()) + "@" + (rng_.Chance(20) ? FlipCase(domain, rng_) : domain);
  }

  Json Timestamp(const ConstantSet& pool) {
    const std::vector<int64_t>& used = Of(pool, &ConstantSet::timestamps);
    int64_t micros = 0;
    switch (rng_.Weighted({35, 15, used.empty() ? 0 : 25, 15, 10})) {
      case 0: {
        static const std::vector<int64_t> offsets = {0,       1,      -1,    kSecond, -kSecond,
                                                     kMinute, -kHour, kHour, -kDay,   kDay};
        micros = clock_ + rng_.Pick(offsets);
        break;
      }
      case 1: {
        // The start of today in some zone, or just before it.
        auto zone = stdlib::Timezone::Find(rng_.Pick(Timezones()));
        micros = zone.StartOfDay(clock_) - (rng_.Chance(50) ? 0 : kSecond);
        break;
      }
      case 2: micros = rng_.Pick(used) + rng_.Range(-1, 1) * kSecond; break;
      case 3: micros = ParseInstant(rng_.Pick(Instants())); break;
      default: micros = rng_.Range(-2000, 8000) * 365 * kDay; break;
    }
    return TimestampJson(ClampToTimestampRange(micros));
  }

  // RFC 3339 (UTC, with an offset, or lower-case) or integer Unix seconds.
  Json TimestampJson(int64_t micros) {
    bool whole_seconds = micros % kSecond == 0;
    switch (rng_.Weighted({65, 12, whole_seconds ? 15 : 0, 8})) {
      case 0: return FormatInstant(micros);
      case 1: {
        static const std::vector<int> offsets = {60, -300, 330, 345, -180, 630};
        int offset = rng_.Pick(offsets);
        int64_t shifted = micros + offset * kMinute;
        if (shifted != ClampToTimestampRange(shifted)) return FormatInstant(micros);
        return FormatInstant(micros, offset);
      }
      case 2: return micros / kSecond;
      default: {
        std::string text = FormatInstant(micros);
        std::replace(text.begin(), text.end(), 'T', 't');
        std::replace(text.begin(), text.end(), 'Z', 'z');
        return text;
      }
    }
  }

  // Integer seconds, or a string like "15m" or "-1h".
  Json Duration(const ConstantSet& pool) {
    const std::vector<int64_t>& used = Of(pool, &ConstantSet::durations);
    int64_t micros = 0;
    switch (rng_.Weighted({used.empty() ? 0 : 40, 30, 30})) {
      case 0: micros = rng_.Pick(used) + rng_.Range(-1, 1) * kSecond; break;
      case 1: micros = rng_.Pick(DurationsMicros()); break;
      default: micros = rng_.Range(-100000, 100000) * kSecond; break;
    }
    if (rng_.Chance(40)) return DurationLiteral(micros);
    return micros / kSecond;
  }

  Rng& rng_;
  const SchemaModel& model_;
  const Constants& constants_;
  int64_t clock_ = 0;
};

}  // namespace

std::string Draft::Render() const {
  std::string text = request.dump(-1, ' ', ascii);
  if (!extra_member.empty() && text.size() > 2 && text.back() == '}') {
    text.insert(text.size() - 1, "," + extra_member);
  }
  if (!raw.empty()) {
    std::string sentinel = std::string("\"") + kRawSentinel + "\"";
    size_t at = text.find(sentinel);
    if (at != std::string::npos) text.replace(at, sentinel.size(), raw);
  }
  return text;
}

std::vector<GeneratedRequest> GenerateRequests(Rng& rng, const SchemaModel& model,
                                               const Constants& constants) {
  RequestGen generator(rng, model, constants);
  std::vector<GeneratedRequest> requests;
  size_t count = static_cast<size_t>(rng.Range(50, 200));
  for (size_t i = 0; i < count; ++i) requests.push_back(generator.Next());
  return requests;
}

}  // namespace intent::difftest
