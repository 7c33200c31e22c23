package import Foundation
import Yams

/// Reads a scenario file's text into a positioned `YAMLNode` tree, turning every problem into a
/// diagnostic instead of an exception.
package enum YAMLReader {
  /// Scenario files larger than this are refused before parsing: a scenario is a few hundred lines,
  /// and parsing megabytes of YAML would only delay the error.
  package static let maximumFileSize = 2 * 1024 * 1024

  /// Decodes raw file bytes as UTF-8 text, refusing binary and oversized input with a clear message.
  package static func text(of data: Data, path: String) -> Result<String, Diagnostic> {
    let start = SourceLocation(file: path, line: 1, column: 1)
    if data.count > maximumFileSize {
      let megabytes = String(format: "%.1f", Double(data.count) / 1_048_576)
      return .failure(
        Diagnostic(
          id: "yaml.fileTooLarge", location: start,
          message: "file is \(megabytes) MB, larger than the 2 MB limit for scenario files",
          fixHint: "A scenario file holds one scenario; split large data out into the bundles it processes."
        ))
    }
    if data.contains(0) {
      return .failure(
        Diagnostic(
          id: "yaml.binaryFile", location: start,
          message: "file is binary, not YAML text (it contains NUL bytes)",
          fixHint: "Pass a .yaml scenario file; check the path."))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return .failure(
        Diagnostic(
          id: "yaml.notUTF8", location: start, message: "file is not valid UTF-8 text",
          fixHint: "Save the scenario file as UTF-8."))
    }
    return .success(text)
  }

  /// Parses one YAML document. Returns nil and a diagnostic for invalid YAML or an empty document.
  /// Anchors, aliases and merge keys are refused first (``YAMLAliasScan``), before anything is
  /// composed, so no file can expand into more memory than its own size.
  package static func read(_ source: SourceFile) -> Result<YAMLNode, Diagnostic> {
    if let problem = YAMLAliasScan.firstProblem(in: source) { return .failure(problem) }
    let root: Node?
    do {
      // Composed without Yams' rules: plain scalars are typed by ``PlainScalarType`` below. (A
      // mapping's keys are then told apart by their text alone, quoted or not.)
      root = try Yams.compose(yaml: source.text, Resolver.basic)
    } catch let error as YamlError {
      return .failure(YAMLMistakes.explain(diagnostic(for: error, path: source.path), in: source))
    } catch {
      return .failure(
        Diagnostic(
          id: "yaml.syntax", location: SourceLocation(file: source.path, line: 1, column: 1),
          message: "cannot read YAML: \(error)"))
    }
    guard let root else {
      return .failure(
        Diagnostic(
          id: "yaml.empty", location: SourceLocation(file: source.path, line: 1, column: 1),
          message: "empty scenario file",
          fixHint: "A scenario needs at least 'name', 'trigger' and 'flow'; see docs/scenario-format.md."))
    }
    return convert(root, source: source).mapError { YAMLMistakes.explain($0, in: source) }
  }

  private static func location(_ mark: Mark?, path: String) -> SourceLocation {
    SourceLocation(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  private static func convert(_ node: Node, source: SourceFile) -> Result<YAMLNode, Diagnostic> {
    switch node {
    case .scalar(let scalar):
      return .success(.scalar(convert(scalar, source: source)))
    case .sequence(let sequence):
      var items: [YAMLNode] = []
      items.reserveCapacity(sequence.count)
      for item in sequence {
        switch convert(item, source: source) {
        case .success(let converted): items.append(converted)
        case .failure(let diagnostic): return .failure(diagnostic)
        }
      }
      return .success(.sequence(YAMLSequence(items: items, location: location(sequence.mark, path: source.path))))
    case .mapping(let mapping):
      var entries: [YAMLMapping.Entry] = []
      entries.reserveCapacity(mapping.count)
      for (key, value) in mapping {
        guard case .scalar(let keyScalar) = key else {
          return .failure(
            Diagnostic(
              id: "yaml.complexKey", location: location(key.mark, path: source.path),
              message: "mapping keys must be plain text, not a list or mapping",
              fixHint: "Write the key as a single word, such as 'phoneNumber'."))
        }
        switch convert(value, source: source) {
        case .success(let converted):
          entries.append(YAMLMapping.Entry(key: convert(keyScalar, source: source), value: converted))
        case .failure(let diagnostic): return .failure(diagnostic)
        }
      }
      return .success(.mapping(YAMLMapping(entries: entries, location: location(mapping.mark, path: source.path))))
    case .alias(let alias):
      return .failure(
        Diagnostic(
          id: "yaml.alias", location: location(alias.mark, path: source.path),
          message: "YAML aliases are not supported in scenario files",
          fixHint: "Repeat the value instead of referring to an anchor."))
    }
  }

  private static func convert(_ scalar: Node.Scalar, source: SourceFile) -> YAMLScalar {
    let style: YAMLScalar.Style =
      switch scalar.style {
      case .singleQuoted: .singleQuoted
      case .doubleQuoted: .doubleQuoted
      case .literal: .literal
      case .folded: .folded
      case .plain, .any: .plain
      }
    var resolved = YAMLScalar.Resolved.string
    if style == .plain {
      let node = Node.scalar(scalar)
      switch type(of: scalar) {
      case .null: resolved = .null
      case .bool: resolved = (node.bool).map { .bool($0) } ?? .string
      case .int: resolved = (node.int).map { .int($0) } ?? .string
      case .float: resolved = (node.float).map { .float($0) } ?? .string
      case .string: resolved = .string
      }
    }
    let location = location(scalar.mark, path: source.path)
    return YAMLScalar(
      value: restoringByteOrderMark(scalar.string, style: style, at: location, in: source), style: style,
      resolved: resolved, location: location)
  }

  /// A plain scalar's type: by its text (``PlainScalarType``) unless the file tags it (`!!int 5`,
  /// `!!str 5`, or `!` for text).
  private static func type(of scalar: Node.Scalar) -> PlainScalarType {
    switch scalar.tag.description {
    case Tag.Name.implicit.rawValue: PlainScalarType(scalar.string)
    case Tag.Name.null.rawValue: .null
    case Tag.Name.bool.rawValue: .bool
    case Tag.Name.int.rawValue: .int
    case Tag.Name.float.rawValue: .float
    default: .string
    }
  }

  /// Yams decodes every scalar with Foundation, which drops a byte-order mark at the start of a
  /// string: a value that starts with U+FEFF (raw, or the escape `\ufeff` a double-quoted scalar
  /// uses) gets back the marks the source text has, so every string reads back as written.
  private static func restoringByteOrderMark(
    _ value: String, style: YAMLScalar.Style, at location: SourceLocation, in source: SourceFile
  ) -> String {
    var column = location.column
    switch style {
    case .plain: break
    case .singleQuoted, .doubleQuoted: column += 1
    case .literal, .folded: return value
    }
    func text(_ count: Int) -> String {
      var text = ""
      for offset in 0..<count {
        guard let scalar = source.scalar(line: location.line, column: column + offset) else { break }
        text.unicodeScalars.append(scalar)
      }
      return text.lowercased()
    }
    var written = 0
    while true {
      let first = source.scalar(line: location.line, column: column)
      if first == "\u{FEFF}" {
        column += 1
      } else if style == .doubleQuoted, first == "\\", text(6) == "\\ufeff" {
        column += 6
      } else if style == .doubleQuoted, first == "\\", text(10) == "\\u0000feff" {
        column += 10
      } else {
        break
      }
      written += 1
    }
    let kept = value.unicodeScalars.prefix { $0 == "\u{FEFF}" }.count
    return written > kept ? String(repeating: "\u{FEFF}", count: written - kept) + value : value
  }

  private static func diagnostic(for error: YamlError, path: String) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var notes: [Diagnostic.Note] = []
      if let context {
        notes.append(Diagnostic.Note(location: location(context.mark, path: path), message: context.text))
      }
      return Diagnostic(
        id: "yaml.syntax", location: location(mark, path: path), message: "invalid YAML: \(problem)",
        fixHint: "Check indentation, quotes and colons near this position.", notes: notes)
    case .reader(let problem, _, _, _):
      return Diagnostic(
        id: "yaml.syntax", location: SourceLocation(file: path, line: 1, column: 1),
        message: "cannot read the file: \(problem)", fixHint: "Save the scenario file as UTF-8 text.")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      return Diagnostic(
        id: "yaml.duplicateKey", location: location(context.mark, path: path),
        message: "duplicate key \(names) in one mapping",
        fixHint: "Each key may appear once; remove or rename the repeated one.")
    default:
      return Diagnostic(
        id: "yaml.syntax", location: SourceLocation(file: path, line: 1, column: 1),
        message: "cannot read YAML: \(error)")
    }
  }
}
