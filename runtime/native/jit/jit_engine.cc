// Compiling (LLJIT), dispatching and deciding for the native engine.
#include "runtime/native/jit/jit_engine.h"

#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>
#include <span>
#include <unordered_map>

#include "runtime/core/status.h"
#include "runtime/native/abi/jit_abi.h"
#include "runtime/native/codegen/codegen.h"
#include "runtime/native/ir/ir.h"
#include "runtime/native/jit/principal_index.h"

namespace intent::runtime {
namespace {

using jit::JitContext;
using jit::JitRuntime;
using jit::RuleFunction;

void InitializeLlvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

llvm::CodeGenOpt::Level LevelOf(JitCodegenLevel level) {
  switch (level) {
    case JitCodegenLevel::kNone: return llvm::CodeGenOpt::None;
    case JitCodegenLevel::kLess: return llvm::CodeGenOpt::Less;
    case JitCodegenLevel::kDefault: return llvm::CodeGenOpt::Default;
  }
  return llvm::CodeGenOpt::None;
}

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// The helpers generated code calls, by name (jit_helpers.def).
std::vector<std::pair<const char*, const void*>> HelperSymbols() {
  return {
#define INTENT_JIT_HELPER(id, c_name, result, ...) \
  {#c_name, reinterpret_cast<const void*>(&jit::c_name)},
#include "runtime/native/abi/jit_helpers.def"
#undef INTENT_JIT_HELPER
  };
}

// An LLVM error (as from an Expected's takeError()) as a Status.
Status LlvmError(llvm::Error error) { return Status::Error(llvm::toString(std::move(error))); }

// KeyText (evaluator.h) of a limit key held in a slot.
std::string KeyTextOf(const Slot& slot, const types::Type* type) {
  switch (type->kind()) {
    case types::TypeKind::kBool: return slot.word != 0 ? "true" : "false";
    case types::TypeKind::kString:
    case types::TypeKind::kEmail: return std::string(TextOf(slot));
    case types::TypeKind::kEnum: return type->enumeration()->values[slot.word];
    case types::TypeKind::kInt:
    case types::TypeKind::kTimestamp:
    case types::TypeKind::kDuration: return std::to_string(static_cast<int64_t>(slot.word));
    default: return "";
  }
}

}  // namespace

struct JitEngine::State {
  struct RuleEntry {
    RuleFunction function;
    const check::CheckedRule* rule;
    const types::Type* key_type;  // null without `per KEY`
    std::string limit_prefix;     // LimitKeyPrefix, when the rule has a limit
  };
  struct PolicyEntry {
    const check::CheckedModule* module;
    uint32_t module_index;
    uint32_t first_rule;
    uint32_t rule_count;
  };
  // By operation index: the policies that apply, in bundle order.
  using OperationTable = std::vector<std::vector<PolicyEntry>>;

  CounterStore* counters = nullptr;
  int64_t budget = cost::kDefaultBudget;  // steps per decision
  std::unique_ptr<ir::Program> program;
  Arena constants;
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::vector<RuleEntry> rules;
  // A table's index of an operation: the base of its schema + its index.
  std::vector<std::pair<const schema::Schema*, uint32_t>> schema_base;
  uint32_t operation_count = 0;
  // The policies that apply, flat so that a call reads two arrays: row
  // `principal index` (or `everyone_row` for principals no `applies to`
  // names) and column `operation index` are entries[starts[i]..starts[i + 1])
  // for i = row * operation_count + column.
  std::vector<PolicyEntry> entries;
  std::vector<uint32_t> starts;
  uint32_t everyone_row = 0;
  std::unique_ptr<jit::PrincipalIndex> principals;

  // The policies for a principal row and an operation column.
  std::pair<const PolicyEntry*, const PolicyEntry*> Applicable(uint32_t row,
                                                               uint32_t column) const {
    size_t i = size_t{row} * operation_count + column;
    return {entries.data() + starts[i], entries.data() + starts[i + 1]};
  }

  // The table index of `operation`, or operation_count if no policy has its schema.
  uint32_t IndexOf(const schema::Operation& operation, const schema::Schema* schema) const {
    for (const auto& [known, base] : schema_base) {
      if (known == schema) return base + operation.index;
    }
    return operation_count;
  }
  JitCompileStats stats;

  Status Compile(const std::vector<const check::CheckedModule*>& modules,
                 const JitOptions& options);
  void BuildTables(const std::vector<std::vector<RuleFunction>>& functions);
};

Status JitEngine::State::Compile(const std::vector<const check::CheckedModule*>& modules,
                                 const JitOptions& options) {
  InitializeLlvm();
  auto start = std::chrono::steady_clock::now();
  program = ir::Lower(modules);
  if (Status verified = ir::Verify(*program); !verified.ok()) return verified.Prefixed("IR: ");
  stats.lower_ms = MillisSince(start);

  start = std::chrono::steady_clock::now();
  codegen::GeneratedCode code = codegen::Generate(*program, constants);
  stats.codegen_ms = MillisSince(start);

  start = std::chrono::steady_clock::now();
  auto host = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!host) return LlvmError(host.takeError());
  host->setCodeGenOptLevel(LevelOf(options.codegen));
  auto created = llvm::orc::LLJITBuilder()
                     .setJITTargetMachineBuilder(std::move(*host))
                     .setNumCompileThreads(options.compile_threads)
                     .create();
  if (!created) return LlvmError(created.takeError());
  jit = std::move(*created);
  llvm::orc::MangleAndInterner mangle(jit->getExecutionSession(), jit->getDataLayout());
  llvm::orc::SymbolMap symbols;
  auto define = [&](const std::string& name, const void* address) {
    symbols[mangle(name)] = llvm::JITEvaluatedSymbol(llvm::pointerToJITTargetAddress(address),
                                                     llvm::JITSymbolFlags::Exported);
  };
  for (const auto& [name, address] : HelperSymbols()) define(name, address);
  for (const auto& [name, address] : code.data) define(name, address);
  if (auto error = jit->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
    return LlvmError(std::move(error));
  }
  for (codegen::GeneratedUnit& unit : code.units) {
    unit.module->setDataLayout(jit->getDataLayout());
    if (auto error = jit->addIRModule(
            llvm::orc::ThreadSafeModule(std::move(unit.module), std::move(unit.context)))) {
      return LlvmError(std::move(error));
    }
  }
  // One lookup for every function: the module is compiled once, here.
  llvm::orc::SymbolLookupSet wanted;
  for (const auto& group : code.functions) {
    for (const std::string& name : group) wanted.add(mangle(name));
  }
  auto found = jit->getExecutionSession().lookup(
      llvm::orc::makeJITDylibSearchOrder(&jit->getMainJITDylib()), wanted);
  if (!found) return LlvmError(found.takeError());
  std::vector<std::vector<RuleFunction>> functions;
  for (const auto& group : code.functions) {
    functions.emplace_back();
    for (const std::string& name : group) {
      // An address from the linker becomes a function pointer here only.
      functions.back().push_back(
          reinterpret_cast<RuleFunction>(  // NOLINT(performance-no-int-to-ptr)
              (*found)[mangle(name)].getAddress()));
      ++stats.functions;
    }
  }
  stats.native_ms = MillisSince(start);
  BuildTables(functions);
  return Status::Ok();
}

void JitEngine::State::BuildTables(const std::vector<std::vector<RuleFunction>>& functions) {
  for (const ir::Policy& policy : program->policies) {
    const schema::Schema* schema = policy.module->schema;
    if (IndexOf(*schema->operations.front(), schema) != operation_count) continue;
    schema_base.emplace_back(schema, operation_count);
    operation_count += static_cast<uint32_t>(schema->operations.size());
  }
  OperationTable everyone(operation_count);  // for principals no `applies to` names
  std::vector<std::string> agents;
  std::unordered_map<std::string, OperationTable> own;  // each named agent's own policies
  for (uint32_t p = 0; p < program->policies.size(); ++p) {
    const ir::Policy& policy = program->policies[p];
    const schema::Schema* schema = policy.module->schema;
    for (const auto& operation : schema->operations) {
      PolicyEntry entry{policy.module, policy.module_index, static_cast<uint32_t>(rules.size()), 0};
      for (size_t g = 0; g < program->groups.size(); ++g) {
        const ir::Group& group = program->groups[g];
        if (group.policy != p || group.operation != operation.get()) continue;
        for (size_t r = 0; r < group.rules.size(); ++r) {
          const ir::RuleBody& body = group.rules[r];
          const types::Type* key_type =
              body.limit_key ? program->nodes[*body.limit_key].type : nullptr;
          std::string prefix = body.rule->rule->limits.empty()
                                   ? ""
                                   : LimitKeyPrefix(*body.rule, policy.module_index);
          rules.push_back({functions[g][r], body.rule, key_type, std::move(prefix)});
          ++entry.rule_count;
        }
      }
      uint32_t index = IndexOf(*operation, schema);
      if (policy.module->agents.empty()) {
        everyone[index].push_back(entry);
      } else {
        // `applies to agent "a", "a"` still applies once.
        std::set<std::string_view> seen;
        for (const std::string& agent : policy.module->agents) {
          if (!seen.insert(agent).second) continue;
          auto [it, added] = own.try_emplace(agent);
          if (added) agents.push_back(agent);
          it->second.resize(operation_count);
          it->second[index].push_back(entry);
        }
      }
    }
  }
  // A named principal sees its own policies and everyone's, in bundle order.
  for (const std::string& agent : agents) {
    OperationTable& table = own.at(agent);
    for (size_t op = 0; op < table.size(); ++op) {
      auto& entries = table[op];
      entries.insert(entries.end(), everyone[op].begin(), everyone[op].end());
      std::stable_sort(entries.begin(), entries.end(),
                       [](const PolicyEntry& a, const PolicyEntry& b) {
                         return a.module_index < b.module_index;
                       });
    }
  }
  auto append_row = [&](const OperationTable& table) {
    for (const auto& column : table) {
      starts.push_back(static_cast<uint32_t>(entries.size()));
      entries.insert(entries.end(), column.begin(), column.end());
    }
  };
  for (const std::string& agent : agents) append_row(own.at(agent));
  everyone_row = static_cast<uint32_t>(agents.size());
  append_row(everyone);
  starts.push_back(static_cast<uint32_t>(entries.size()));
  principals = std::make_unique<jit::PrincipalIndex>(agents);
}

JitEngine::JitEngine(std::unique_ptr<State> state) : state_(std::move(state)) {}
JitEngine::~JitEngine() = default;

std::unique_ptr<JitEngine> JitEngine::Create(
    const std::vector<const check::CheckedModule*>& modules, CounterStore& counters,
    const JitOptions& options, std::string* error) {
  auto state = std::make_unique<State>();
  state->counters = &counters;
  state->budget = options.evaluation_budget;
  Status compiled = state->Compile(modules, options);
  if (!compiled.ok()) {
    if (error != nullptr) *error = compiled.message();
    return nullptr;
  }
  return std::unique_ptr<JitEngine>(new JitEngine(std::move(state)));
}

const JitCompileStats& JitEngine::stats() const { return state_->stats; }

Decision JitEngine::Decide(const SlotRequest& request, int64_t now, Explanation* explain) const {
  DecisionRecord record;
  Decide(request, now, record, explain);
  return record.ToDecision();
}

void JitEngine::Decide(const SlotRequest& request, int64_t clock_now, DecisionRecord& out,
                       Explanation* explain) const {
  const State& state = *state_;
  int64_t now = request.time.value_or(clock_now);
  // One thread-local block: each thread_local costs an initialization check.
  struct Scratch {
    DecisionBuilder builder;
    RuleOutcome outcome;
    JitRuntime runtime;
  };
  thread_local Scratch scratch;
  DecisionBuilder& builder = scratch.builder;
  RuleOutcome& outcome = scratch.outcome;
  JitRuntime& runtime = scratch.runtime;
  struct Unfinished {
    DecisionBuilder& builder;
    ~Unfinished() { builder.ReleasePending(); }
  } unfinished{builder};
  builder.Begin(*state.counters, now, explain);
  runtime.program = state.program.get();
  runtime.counters = state.counters;
  runtime.arena.Reset();
  runtime.exception = nullptr;
  JitContext context{request.input,
                     request.context,
                     reinterpret_cast<uint64_t>(request.principal.data()),
                     request.principal.size(),
                     now,
                     &runtime,
                     {},
                     state.budget,
                     request.data,
                     request.data_set};
  uint32_t principal = state.principals->Find(request.principal);
  uint32_t row = principal != jit::PrincipalIndex::kNotFound ? principal : state.everyone_row;
  uint32_t operation = state.IndexOf(*request.operation, request.schema);
  if (operation < state.operation_count) {
    auto [first, last] = state.Applicable(row, operation);
    for (const State::PolicyEntry& policy : std::span(first, last)) {
      builder.Policy(*policy.module);
      for (uint32_t i = 0; i < policy.rule_count; ++i) {
        const State::RuleEntry& rule = state.rules[policy.first_rule + i];
        uint32_t code = rule.function(&context);
        if (runtime.exception) std::rethrow_exception(runtime.exception);
        outcome.kind = static_cast<RuleOutcome::Kind>(code & jit::kOutcomeKindMask);
        outcome.in_unless = (code & jit::kOutcomeUnlessBit) != 0;
        outcome.clause = code >> jit::kOutcomeClauseShift;
        if (outcome.kind == RuleOutcome::Kind::kError ||
            outcome.kind == RuleOutcome::Kind::kKeyError) {
          outcome.error.swap(runtime.error);
        } else if (outcome.kind == RuleOutcome::Kind::kPassed && !rule.limit_prefix.empty()) {
          outcome.limit_prefix = &rule.limit_prefix;
          if (rule.key_type != nullptr) {
            outcome.limit_key = KeyTextOf(context.key, rule.key_type);
          } else {
            outcome.limit_key.assign(request.principal);
          }
        }
        builder.Rule(*rule.rule, policy.module_index, outcome);
      }
    }
  }
  builder.Finish(request.principal, *request.operation, state.program->longest_count_window, out);
}

std::string EmitJitStage(const std::vector<const check::CheckedModule*>& modules,
                         std::string_view stage, const JitOptions& options, std::string* error) {
  InitializeLlvm();
  std::unique_ptr<ir::Program> program = ir::Lower(modules);
  if (Status verified = ir::Verify(*program); !verified.ok()) {
    *error = verified.Prefixed("IR: ").message();
    // The IR that failed is what its reader needs to see.
    return stage == "ir" ? ir::Dump(*program, /*with_node_ids=*/true) : "";
  }
  if (stage == "ir") return ir::Dump(*program);
  Arena constants;
  codegen::GeneratedCode code = codegen::Generate(*program, constants);
  std::string text;
  llvm::raw_string_ostream stream(text);
  if (stage == "llvm") {
    for (const codegen::GeneratedUnit& unit : code.units) unit.module->print(stream, nullptr);
    return text;
  }
  auto host = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!host) {
    *error = llvm::toString(host.takeError());
    return "";
  }
  host->setCodeGenOptLevel(LevelOf(options.codegen));
  auto machine = host->createTargetMachine();
  if (!machine) {
    *error = llvm::toString(machine.takeError());
    return "";
  }
  llvm::SmallString<0> buffer;
  llvm::raw_svector_ostream asm_stream(buffer);
  for (const codegen::GeneratedUnit& unit : code.units) {
    unit.module->setDataLayout((*machine)->createDataLayout());
    unit.module->setTargetTriple((*machine)->getTargetTriple().str());
    llvm::legacy::PassManager passes;
    if ((*machine)->addPassesToEmitFile(passes, asm_stream, nullptr, llvm::CGFT_AssemblyFile)) {
      *error = "this target cannot emit assembly";
      return "";
    }
    passes.run(*unit.module);
  }
  return std::string(buffer.str());
}

}  // namespace intent::runtime
