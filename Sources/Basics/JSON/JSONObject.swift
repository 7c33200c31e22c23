/// A JSON object whose keys keep the order in which they were added.
///
/// Objects read by ``JSONParser`` hold each key once (the last value, at the first key's
/// position), unless the parser was asked to keep duplicate keys, as the history redactor does
/// so that a rewritten document keeps every member it had.
package struct JSONObject: Sendable, Hashable {
  package struct Entry: Sendable, Hashable {
    package var key: String
    package var value: JSONValue

    package init(key: String, value: JSONValue) {
      self.key = key
      self.value = value
    }
  }

  package private(set) var entries: [Entry]

  package init() { entries = [] }

  /// An object of `pairs`; a repeated key keeps its first position and takes the last value.
  package init(_ pairs: [(String, JSONValue)]) {
    entries = []
    entries.reserveCapacity(pairs.count)
    var positions: [String: Int] = [:]
    for (key, value) in pairs {
      if let position = positions[key] {
        entries[position].value = value
      } else {
        positions[key] = entries.count
        entries.append(Entry(key: key, value: value))
      }
    }
  }

  /// An object of entries taken as they are: the caller knows the keys are distinct, or wants
  /// repeated keys kept.
  package init(entries: [Entry]) { self.entries = entries }

  package var keys: [String] { entries.map(\.key) }
  package var isEmpty: Bool { entries.isEmpty }
  package var count: Int { entries.count }

  /// Setting `nil` removes the key; setting an existing key keeps its position.
  package subscript(key: String) -> JSONValue? {
    get { entries.first(where: { $0.key == key })?.value }
    set {
      if let index = entries.firstIndex(where: { $0.key == key }) {
        if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
      } else if let newValue {
        entries.append(Entry(key: key, value: newValue))
      }
    }
  }

  /// The same keys in the same order with each value transformed.
  package func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
    JSONObject(entries: try entries.map { Entry(key: $0.key, value: try transform($0.value)) })
  }
}
