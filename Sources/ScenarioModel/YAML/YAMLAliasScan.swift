// libyaml itself, which Yams wraps: its event parser reports an alias as one event and never
// expands it, so the whole file can be checked in constant memory before Yams composes it
// (Yams' composer shares an anchored node with each alias, and walking that tree expands every
// alias: 354 bytes of nested aliases became 960 MB).
import CYaml

/// Refuses YAML anchors, aliases and merge keys before a scenario file is composed.
///
/// Scenario files have no use for them (docs/scenario-format.md), and an alias is the one way a
/// small file can describe an enormous tree ("billion laughs"). The check reads libyaml's events
/// one at a time, so memory stays bounded whatever the file holds.
enum YAMLAliasScan {
  /// The first alias (with a note at its anchor), else the first anchor, else the first merge key
  /// (`<<` written plain as a mapping key); nil when there is none, or when the file is not valid
  /// YAML (composing it reports the syntax error at its place).
  static func firstProblem(in source: SourceFile) -> Diagnostic? {
    // An anchor needs an `&`, an alias a `*`, a merge key `<<`: most files have none of them, and
    // are not parsed twice.
    guard
      source.text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "<") }
      )
    else { return nil }
    var bytes = Array(source.text.utf8)
    return bytes.withUnsafeMutableBufferPointer { buffer in
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return nil }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      return scan(&parser, path: source.path)
    }
  }

  /// Where each container stands: a mapping alternates key and value.
  private enum Container {
    case sequence
    case mapping(expectsKey: Bool)
  }

  private static func scan(_ parser: inout yaml_parser_t, path: String) -> Diagnostic? {
    var anchors: [String: SourceLocation] = [:]
    var firstAnchor: (name: String, location: SourceLocation)?
    var firstMergeKey: SourceLocation?
    var stack: [Container] = []
    var event = yaml_event_t()
    while true {
      guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
      defer { yaml_event_delete(&event) }
      let location = SourceLocation(
        file: path, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
      // Whether this node is a mapping key: read before the node moves the mapping on.
      var isKey = false
      if case .mapping(let expectsKey) = stack.last {
        isKey = expectsKey
        stack[stack.count - 1] = .mapping(expectsKey: !expectsKey)
      }
      var anchor: UnsafeMutablePointer<yaml_char_t>?
      switch event.type {
      case YAML_STREAM_END_EVENT:
        if let firstAnchor {
          return anchorDiagnostic(firstAnchor.name, at: firstAnchor.location)
        }
        return firstMergeKey.map { mergeKeyDiagnostic(at: $0) }
      case YAML_ALIAS_EVENT:
        let name = string(event.data.alias.anchor)
        return aliasDiagnostic(name, at: location, anchor: anchors[name])
      case YAML_SCALAR_EVENT:
        anchor = event.data.scalar.anchor
        let scalar = event.data.scalar
        if isKey, firstMergeKey == nil, scalar.plain_implicit == 1, scalar.length == 2,
          scalar.value[0] == UInt8(ascii: "<"), scalar.value[1] == UInt8(ascii: "<")
        {
          firstMergeKey = location
        }
      case YAML_SEQUENCE_START_EVENT:
        anchor = event.data.sequence_start.anchor
        stack.append(.sequence)
      case YAML_MAPPING_START_EVENT:
        anchor = event.data.mapping_start.anchor
        stack.append(.mapping(expectsKey: true))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        // The end event itself is no node of the enclosing container: undo the step above.
        if case .mapping(let expectsKey) = stack.last { stack[stack.count - 1] = .mapping(expectsKey: !expectsKey) }
        stack.removeLast()
      default:
        // Stream and document starts and ends: no node, and not inside a container.
        break
      }
      if let anchor {
        let name = string(anchor)
        if anchors[name] == nil { anchors[name] = location }
        if firstAnchor == nil { firstAnchor = (name, location) }
      }
    }
  }

  private static func aliasDiagnostic(
    _ name: String, at location: SourceLocation, anchor: SourceLocation?
  )
    -> Diagnostic
  {
    Diagnostic(
      id: "yaml.alias", location: location,
      message: "YAML aliases are not supported in scenario files: '*\(name)' refers to an anchor",
      fixHint: "Write the value out where '*\(name)' stands, and remove the anchor '&\(name)'.",
      notes: anchor.map { [Diagnostic.Note(location: $0, message: "the anchor '&\(name)' is defined here")] } ?? [])
  }

  private static func anchorDiagnostic(_ name: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      id: "yaml.anchor", location: location,
      message: "YAML anchors are not supported in scenario files: '&\(name)'",
      fixHint: "Remove '&\(name)'; scenario files write every value out in full.")
  }

  private static func mergeKeyDiagnostic(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      id: "yaml.mergeKey", location: location,
      message: "YAML merge keys ('<<') are not supported in scenario files",
      fixHint: "Write the merged keys out in this mapping; quote the key ('<<') if you mean the text.")
  }

  private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
    guard let pointer else { return "" }
    return String(cString: pointer)
  }
}
