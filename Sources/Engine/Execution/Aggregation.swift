import Expressions
import Foundation
import OrderedCollections

/// The running state of one aggregator over one operation of its source module: only the aggregated
/// values are kept (never the bundles themselves), per group in order of first appearance.
struct Aggregation {
  enum Kind {
    case array, text, numeric
  }

  private struct Group {
    var items: [Value] = []
    var texts: [String] = []
    var numbers: [Double] = []
    var count = 0
  }

  private let kind: Kind
  private let module: CompiledModule
  private let timeZone: TimeZone
  private var groups = OrderedDictionary<String, Group>()

  init(_ module: CompiledModule, timeZone: TimeZone) {
    self.module = module
    self.timeZone = timeZone
    switch module.name {
    case "flow.textAggregator": kind = .text
    case "flow.numericAggregator": kind = .numeric
    default: kind = .array
    }
  }

  private var isGrouped: Bool { module.params["groupBy"] != nil }

  /// Adds the bundle that reached the aggregator in `context`.
  mutating func add(_ context: EvaluationContext) throws(MappingError) {
    var key = ""
    if let groupBy = module.params["groupBy"] {
      let value = try groupBy.value(in: context)
      key = (try? Coercion.text(from: value)) ?? value.rendered
    }
    var group = groups[key] ?? Group()
    group.count += 1
    switch kind {
    case .array:
      if let field = module.fields["value"] {
        group.items.append(try field.value(in: context))
      } else if let source = module.aggregatorSource {
        group.items.append(context.output(ofModule: source))
      }
    case .text:
      let value = try module.fields["text"]?.value(in: context) ?? .null
      group.texts.append((try? Coercion.text(from: value)) ?? value.rendered)
    case .numeric:
      let value = try module.fields["value"]?.value(in: context) ?? .null
      if let number = try? Coercion.number(from: value) { group.numbers.append(number) }
    }
    groups[key] = group
  }

  /// One output bundle per group; one empty aggregate when nothing arrived (Make's default, "stop
  /// processing after an empty aggregation" off).
  func results() -> [Value] {
    if groups.isEmpty { return [output(Group(), key: nil)] }
    return groups.map { key, group in output(group, key: isGrouped ? key : nil) }
  }

  private func output(_ group: Group, key: String?) -> Value {
    var fields = OrderedDictionary<String, Value>()
    switch kind {
    case .array:
      fields["array"] = .array(group.items)
      fields["__IMTAGGLENGTH__"] = .number(Double(group.items.count))
    case .text:
      let separator: String
      if case .constant(let value)? = module.params["separator"], let text = try? Coercion.text(from: value) {
        separator = text == "\\n" ? "\n" : text == "\\t" ? "\t" : text
      } else {
        separator = "\n"
      }
      fields["text"] = .text(group.texts.joined(separator: separator))
    case .numeric:
      fields["result"] = numericResult(group)
    }
    if let key { fields["__IMTKEY__"] = .text(key) }
    return .collection(fields)
  }

  private func numericResult(_ group: Group) -> Value {
    let function: String
    if case .constant(.text(let name))? = module.params["function"] { function = name } else { function = "SUM" }
    let numbers = group.numbers
    switch function {
    case "COUNT": return .number(Double(group.count))
    case "AVG": return numbers.isEmpty ? .null : .number(numbers.reduce(0, +) / Double(numbers.count))
    case "MIN": return numbers.min().map(Value.number) ?? .null
    case "MAX": return numbers.max().map(Value.number) ?? .null
    default: return .number(numbers.reduce(0, +))
    }
  }
}

/// The iterator: one bundle per array item, with Make's position fields.
enum Iteration {
  static func bundles(of value: Value) -> [Value] {
    let items = Coercion.array(from: value)
    let length = Value.number(Double(items.count))
    return items.enumerated().map { offset, item in
      var fields: OrderedDictionary<String, Value>
      if case .collection(let collection) = item {
        fields = collection
      } else {
        fields = ["value": item]
      }
      fields["__IMTINDEX__"] = .number(Double(offset + 1))
      fields["__IMTLENGTH__"] = length
      return .collection(fields)
    }
  }
}

/// Runs a module with a deadline; past it the module fails with Make's `ModuleTimeoutError`.
enum Timeout {
  static func run(
    _ limit: Duration, moduleName: String, _ body: @escaping @Sendable () async throws(ModuleError) -> [Value]
  ) async throws(ModuleError) -> [Value] {
    let result: Result<[Value], ModuleError> = await withTaskGroup(of: Result<[Value], ModuleError>?.self) { group in
      group.addTask {
        do throws(ModuleError) { return .success(try await body()) } catch { return .failure(error) }
      }
      group.addTask {
        try? await Task.sleep(for: limit)
        return Task.isCancelled ? nil : .failure(ModuleError(.moduleTimeoutError, "'\(moduleName)' did not finish within \(limit)"))
      }
      var outcome: Result<[Value], ModuleError> = .failure(ModuleError(.runtimeError, "'\(moduleName)' was cancelled"))
      while let next = await group.next() {
        if let next {
          outcome = next
          break
        }
      }
      group.cancelAll()
      return outcome
    }
    return try result.get()
  }
}
