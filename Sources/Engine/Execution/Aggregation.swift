import Expressions
import Foundation
import OrderedCollections

/// The running state of one aggregator over one operation of its source module: only the aggregated
/// values are kept (never the bundles themselves), per group in order of first appearance.
struct Aggregation {
  enum Kind {
    case array, text, numeric
  }

  /// What one group has collected. Numbers are folded as they arrive (sum, min, max), so a numeric
  /// aggregation over millions of bundles holds a few numbers, not the bundles.
  private struct Group {
    var items: [Value] = []
    var text = ""
    var hasText = false
    var count = 0
    var numberCount = 0
    var sum = 0.0
    var minimum = Double.infinity
    var maximum = -Double.infinity
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
    // Evaluate first, then update the group in place (no copy of what it has collected).
    switch kind {
    case .array:
      var item = Value.null
      if let field = module.fields["value"] {
        item = try field.value(in: context)
      } else if let source = module.aggregatorSource {
        item = context.output(ofModule: source)
      }
      Self.update(&groups[key, default: Group()]) { $0.items.append(item) }
    case .text:
      let value = try module.fields["text"]?.value(in: context) ?? .null
      let text = (try? Coercion.text(from: value)) ?? value.rendered
      let separator = self.separator
      Self.update(&groups[key, default: Group()]) { group in
        if group.hasText { group.text += separator }
        group.text += text
        group.hasText = true
      }
    case .numeric:
      let value = try module.fields["value"]?.value(in: context) ?? .null
      let number = try? Coercion.number(from: value)
      Self.update(&groups[key, default: Group()]) { group in
        guard let number else { return }
        group.numberCount += 1
        group.sum += number
        group.minimum = min(group.minimum, number)
        group.maximum = max(group.maximum, number)
      }
    }
    Self.update(&groups[key, default: Group()]) { $0.count += 1 }
  }

  private static func update(_ group: inout Group, _ change: (inout Group) -> Void) {
    change(&group)
  }

  private var separator: String {
    if case .constant(let value)? = module.params["separator"], let text = try? Coercion.text(from: value) {
      return text == "\\n" ? "\n" : text == "\\t" ? "\t" : text
    }
    return "\n"
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
      fields["text"] = .text(group.text)
    case .numeric:
      fields["result"] = numericResult(group)
    }
    if let key { fields["__IMTKEY__"] = .text(key) }
    return .collection(fields)
  }

  private func numericResult(_ group: Group) -> Value {
    let function: String
    if case .constant(.text(let name))? = module.params["function"] { function = name } else { function = "SUM" }
    let empty = group.numberCount == 0
    switch function {
    case "COUNT": return .number(Double(group.count))
    case "AVG": return empty ? .null : .number(group.sum / Double(group.numberCount))
    case "MIN": return empty ? .null : .number(group.minimum)
    case "MAX": return empty ? .null : .number(group.maximum)
    default: return .number(group.sum)
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
        fields.reserveCapacity(collection.count + 2)
      } else {
        fields = OrderedDictionary(minimumCapacity: 3)
        fields["value"] = item
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
