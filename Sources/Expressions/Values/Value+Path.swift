extension Value {
  /// The value at `path`, or null where the path leaves the value (a missing key, an index past
  /// the end, `[0]`): Make treats a missing value as empty, not as an error.
  ///
  /// A key applied to an array applies to each item (like `[]`); an index applied to a
  /// collection reads the key spelled as that number.
  package func value(at path: [PathComponent]) -> Value {
    value(at: path[...])
  }

  package func value(at path: ArraySlice<PathComponent>) -> Value {
    var current = self
    var remaining = path
    while let component = remaining.first {
      remaining = remaining.dropFirst()
      switch (component, current) {
      case (.key(let key), .collection(let dictionary)):
        current = dictionary[key] ?? .null
      case (.key, .array(let items)), (.allItems, .array(let items)):
        let rest = component == .allItems ? remaining : path[(path.index(before: remaining.startIndex))...]
        return .array(items.map { $0.value(at: rest) })
      case (.index(let index), .array(let items)):
        guard index >= 1, index <= items.count else { return .null }
        current = items[index - 1]
      case (.index(let index), .collection(let dictionary)):
        current = dictionary[String(index)] ?? .null
      case (.allItems, _):
        continue
      default:
        return .null
      }
    }
    return current
  }
}

extension PathComponent {
  /// A path written as text in a function argument (`address.city`, `items.2.name`): parts are
  /// separated by dots, all-digit parts are 1-based positions, `[n]` is accepted too.
  package static func parse(dotted text: String) -> [PathComponent] {
    // The common case, a plain key, without splitting.
    if !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "[") }),
      let first = text.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
    {
      return [.key(text)]
    }
    var components: [PathComponent] = []
    for part in text.split(separator: ".", omittingEmptySubsequences: true) {
      var key = Substring(part)
      var indexes: [PathComponent] = []
      while key.hasSuffix("]"), let open = key.lastIndex(of: "[") {
        let inside = key[key.index(after: open)..<key.index(before: key.endIndex)]
        if inside.isEmpty {
          indexes.insert(.allItems, at: 0)
        } else if let number = Int(inside) {
          indexes.insert(.index(number), at: 0)
        } else {
          break
        }
        key = key[..<open]
      }
      if !key.isEmpty {
        if key.allSatisfy(\.isNumber), let number = Int(key) {
          components.append(.index(number))
        } else {
          components.append(.key(String(key)))
        }
      }
      components.append(contentsOf: indexes)
    }
    return components
  }
}
