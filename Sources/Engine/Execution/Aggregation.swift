import Expressions
import Foundation
import OrderedCollections

/// The running state of one aggregator over one operation of its source module: only the aggregated
/// values are kept (never the bundles themselves), per group in order of first appearance.
struct Aggregation {
  typealias Kind = AggregatorSettings.Kind

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

    mutating func apply(_ change: Change, separator: String) {
      switch change {
      case .item(let item):
        items.append(item)
      case .text(let text):
        if hasText { self.text += separator }
        self.text += text
        hasText = true
      case .number(let number):
        if let number {
          numberCount += 1
          sum += number
          minimum = min(minimum, number)
          maximum = max(maximum, number)
        }
      }
      count += 1
    }
  }

  private let module: CompiledModule
  /// Worked out when the scenario was compiled.
  private let settings: AggregatorSettings
  /// Without `groupBy` there is one group, kept here instead of under the key "" in `groups`.
  private var single: Group?
  private var groups = OrderedDictionary<String, Group>()

  init(_ module: CompiledModule) {
    self.module = module
    settings =
      module.aggregatorSettings
      ?? AggregatorSettings(tool: module.spec.runtime.flowTool, fields: module.fields, params: module.params)
  }

  private var kind: Kind { settings.kind }
  private var separator: String { settings.separator }
  private var isGrouped: Bool { settings.groupBy != nil }

  /// Adds the bundle that reached the aggregator in `context`.
  mutating func add(_ context: EvaluationContext) throws(MappingError) {
    guard let groupBy = settings.groupBy else {
      // Evaluate first, then update the group in place (no copy of what it has collected).
      let change = try change(for: context)
      if single == nil { single = Group() }
      Self.apply(change, to: &single, separator: separator)
      return
    }
    let value = try groupBy.value(in: context)
    let key = (try? Coercion.text(from: value)) ?? value.rendered
    let change = try change(for: context)
    Self.apply(change, to: &groups[key, default: Group()], separator: separator)
  }

  /// What one bundle adds to its group.
  private enum Change {
    case item(Value)
    case text(String)
    case number(Double?)
  }

  private func change(for context: EvaluationContext) throws(MappingError) -> Change {
    switch kind {
    case .array:
      var item = Value.null
      if let valueField = settings.valueField {
        item = try valueField.value(in: context)
      } else if let source = module.aggregatorSource {
        item = context.output(ofModule: source)
      }
      return .item(item)
    case .text:
      let value = try settings.textField?.value(in: context) ?? .null
      return .text((try? Coercion.text(from: value)) ?? value.rendered)
    case .numeric:
      let value = try settings.valueField?.value(in: context) ?? .null
      return .number(try? Coercion.number(from: value))
    }
  }

  private static func apply(_ change: Change, to group: inout Group?, separator: String) {
    // Mutated through the optional in place: unwrapping into a copy would copy what it collected.
    group?.apply(change, separator: separator)
  }

  private static func apply(_ change: Change, to group: inout Group, separator: String) {
    group.apply(change, separator: separator)
  }

  /// One output bundle per group; one empty aggregate when nothing arrived (Make's default, "stop
  /// processing after an empty aggregation" off).
  ///
  /// An ungrouped numeric aggregation's bundle `{result: …}` is kept as its one field
  /// (`ModuleOutput.field`), built only where it is read whole.
  func results() -> Bundles {
    if !isGrouped {
      if kind == .numeric { return .one(.field("result", numericResult(single ?? Group()))) }
      return .one(.bundle(output(single ?? Group(), key: nil)))
    }
    if groups.isEmpty { return .one(.bundle(output(Group(), key: nil))) }
    return .many(groups.map { key, group in output(group, key: key) })
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
    let empty = group.numberCount == 0
    switch settings.function {
    case "COUNT": return .number(Double(group.count))
    case "AVG": return empty ? .null : .number(group.sum / Double(group.numberCount))
    case "MIN": return empty ? .null : .number(group.minimum)
    case "MAX": return empty ? .null : .number(group.maximum)
    default: return .number(group.sum)
    }
  }
}
