/// What a module outputs: the fields mapping can read as `{{N.field}}`.
package indirect enum OutputShape: Sendable, Hashable {
  case text
  case number
  case boolean
  case date
  /// Any value; nothing is known statically.
  case any
  case array(of: OutputShape)
  case collection([OutputField])
  /// A mapping whose keys are only known at run time (a custom webhook's body, a parsed JSON
  /// document): any field may exist.
  case dynamic

  /// The shape at a field path such as `customer.first_name`; `.failure` names the first missing key
  /// and the keys that do exist there.
  package func lookup(_ path: [String]) -> Lookup {
    var shape = self
    for (index, key) in path.enumerated() {
      switch shape {
      case .collection(let fields):
        guard let field = fields.first(where: { $0.name == key }) else {
          return .missing(key: key, depth: index, available: fields.map(\.name))
        }
        shape = field.shape
      case .array(let item):
        // `{{1.items[1].name}}` and Make's implicit mapping over arrays both reach the item's fields.
        if Int(key) != nil { shape = item; continue }
        return OutputShape.array(of: item).lookupThroughArray(Array(path[index...]))
      case .dynamic, .any:
        return .found(.any)
      case .text, .number, .boolean, .date:
        return .missing(key: key, depth: index, available: [])
      }
    }
    return .found(shape)
  }

  private func lookupThroughArray(_ path: [String]) -> Lookup {
    guard case .array(let item) = self else { return lookup(path) }
    switch item.lookup(path) {
    case .found(let shape): return .found(.array(of: shape))
    case .missing(let key, let depth, let available): return .missing(key: key, depth: depth, available: available)
    }
  }

  package enum Lookup: Sendable, Hashable {
    case found(OutputShape)
    case missing(key: String, depth: Int, available: [String])
  }

  package var label: String {
    switch self {
    case .text: "text"
    case .number: "number"
    case .boolean: "boolean"
    case .date: "date"
    case .any: "any"
    case .array(let item): "array of \(item.label)"
    case .collection: "collection"
    case .dynamic: "collection (dynamic)"
    }
  }
}

/// One field of a module's output bundle.
package struct OutputField: Sendable, Hashable {
  /// The key as Sonar or the module writes it (`phone_number`), which is what mapping uses.
  package var name: String
  package var shape: OutputShape
  package var help: String

  package init(_ name: String, _ shape: OutputShape, _ help: String = "") {
    self.name = name
    self.shape = shape
    self.help = help
  }
}
