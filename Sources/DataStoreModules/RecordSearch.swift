import Basics
import Engine
import Expressions
import Foundation
import History
import ScenarioModel

/// Make's Search records: the filter (OR of AND groups of `{a, o, b}` conditions on the record's
/// fields, `key` naming the key), the sort and the limit, applied to a store's records.
struct RecordSearch {
  struct Condition {
    var field: String
    var op: FilterOperator
    var value: Value
  }

  var groups: [[Condition]]
  var sortField: String?
  var isDescending: Bool
  var limit: Int

  init(_ input: ModuleInput) throws(ModuleError) {
    groups = []
    for group in Coercion.array(from: input[field: "filter"]) {
      var conditions: [Condition] = []
      for item in Coercion.array(from: group) {
        guard case .collection(let condition) = item else {
          throw ModuleError(.dataError, "a condition of 'filter' must be a mapping with a, o and b")
        }
        let field = try ModuleInput.requiredText(condition["a"] ?? .null, named: "filter.a")
        let id = try ModuleInput.requiredText(condition["o"] ?? .null, named: "filter.o")
        guard let op = FilterOperator(id: id) else {
          throw ModuleError(.dataError, "unknown filter operator '\(id)' in 'filter'")
        }
        conditions.append(Condition(field: field, op: op, value: condition["b"] ?? .null))
      }
      if !conditions.isEmpty { groups.append(conditions) }
    }
    if case .collection(let sort) = input[field: "sort"] {
      sortField = try ModuleInput.text(sort["key"] ?? .null, named: "sort.key")
      isDescending = (try? Coercion.text(from: sort["order"] ?? .null)) == "desc"
    } else {
      sortField = nil
      isDescending = false
    }
    let limitValue = input[field: "limit"]
    guard let number = try? Coercion.number(from: limitValue), number >= 1, number.rounded() == number else {
      throw ModuleError(.dataError, "'limit' must be a whole number of at least 1")
    }
    limit = number > Double(Int.max / 2) ? Int.max / 2 : Int(number)
  }

  func results(in records: [DataStoreRecord]) throws(ModuleError) -> [DataStoreRecord] {
    var passed: [DataStoreRecord] = []
    for record in records where try passes(record) { passed.append(record) }
    if let sortField {
      passed = passed.enumerated().sorted { left, right in
        let order = Self.order(value(sortField, of: left.element), value(sortField, of: right.element))
        if order == .orderedSame { return left.offset < right.offset }
        return isDescending ? order == .orderedDescending : order == .orderedAscending
      }.map(\.element)
    }
    return Array(passed.prefix(limit))
  }

  private func passes(_ record: DataStoreRecord) throws(ModuleError) -> Bool {
    if groups.isEmpty { return true }
    for group in groups {
      var holds = true
      for condition in group {
        do {
          let utc = TimeZone(identifier: "UTC") ?? .current
          if try !FilterComparison.holds(
            value(condition.field, of: record), condition.op, condition.value, timeZone: utc)
          {
            holds = false
            break
          }
        } catch {
          throw ModuleError(.dataError, "the filter failed on record '\(record.key)': \(error.message)")
        }
      }
      if holds { return true }
    }
    return false
  }

  private func value(_ field: String, of record: DataStoreRecord) -> Value {
    if field == "key" { return .text(record.key) }
    return record.fields[field].map(Value.init(json:)) ?? .null
  }

  /// Numbers by value, anything else by its text; empty values first.
  private static func order(_ a: Value, _ b: Value) -> ComparisonResult {
    if case .number(let x) = a, case .number(let y) = b {
      return x < y ? .orderedAscending : (x > y ? .orderedDescending : .orderedSame)
    }
    let x = (try? Coercion.text(from: a)) ?? ""
    let y = (try? Coercion.text(from: b)) ?? ""
    return x < y ? .orderedAscending : (x > y ? .orderedDescending : .orderedSame)
  }
}
