/// A YAML document as a `Sendable` tree that keeps every node's position in its file.
///
/// Yams' `Node` holds weak anchor references and is not `Sendable`; sonarflow converts it once, right
/// after parsing, and works on this tree from then on.
package enum YAMLNode: Sendable, Hashable {
  case scalar(YAMLScalar)
  case sequence(YAMLSequence)
  case mapping(YAMLMapping)

  package var location: SourceLocation {
    switch self {
    case .scalar(let scalar): scalar.location
    case .sequence(let sequence): sequence.location
    case .mapping(let mapping): mapping.location
    }
  }

  package var scalar: YAMLScalar? {
    if case .scalar(let scalar) = self { return scalar }
    return nil
  }

  package var mapping: YAMLMapping? {
    if case .mapping(let mapping) = self { return mapping }
    return nil
  }

  package var sequence: YAMLSequence? {
    if case .sequence(let sequence) = self { return sequence }
    return nil
  }

  /// A short name of the node's kind for messages: "text", "number", "list", "mapping", ….
  package var kindDescription: String {
    switch self {
    case .scalar(let scalar): scalar.kindDescription
    case .sequence: "a list"
    case .mapping: "a mapping"
    }
  }
}

/// A scalar with its text, how it was written, and what plain YAML resolves it to.
package struct YAMLScalar: Sendable, Hashable {
  package enum Style: String, Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
  }

  /// What a plain scalar means under YAML's core schema; quoted and block scalars are always text.
  package enum Resolved: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string
  }

  package var value: String
  package var style: Style
  package var resolved: Resolved
  package var location: SourceLocation

  package init(value: String, style: Style, resolved: Resolved, location: SourceLocation) {
    self.value = value
    self.style = style
    self.resolved = resolved
    self.location = location
  }

  /// Whether the text holds a `{{ … }}` mapping template.
  package var isTemplate: Bool { value.contains("{{") }

  package var isNull: Bool { resolved == .null }

  package var kindDescription: String {
    switch resolved {
    case .null: "null"
    case .bool: "a boolean"
    case .int, .float: "a number"
    case .string: "text"
    }
  }
}

package struct YAMLSequence: Sendable, Hashable {
  package var items: [YAMLNode]
  package var location: SourceLocation

  package init(items: [YAMLNode], location: SourceLocation) {
    self.items = items
    self.location = location
  }
}

/// A mapping in file order. Keys are scalars (sonarflow rejects complex keys when converting).
package struct YAMLMapping: Sendable, Hashable {
  package struct Entry: Sendable, Hashable {
    package var key: YAMLScalar
    package var value: YAMLNode

    package init(key: YAMLScalar, value: YAMLNode) {
      self.key = key
      self.value = value
    }
  }

  package var entries: [Entry]
  package var location: SourceLocation

  package init(entries: [Entry], location: SourceLocation) {
    self.entries = entries
    self.location = location
  }

  package subscript(key: String) -> YAMLNode? {
    entries.first { $0.key.value == key }?.value
  }

  package func entry(_ key: String) -> Entry? {
    entries.first { $0.key.value == key }
  }

  package var keys: [String] { entries.map(\.key.value) }
}
