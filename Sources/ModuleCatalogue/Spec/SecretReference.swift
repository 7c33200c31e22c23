import Foundation

/// Where a secret a scenario needs is kept: never in the scenario's text, but in an environment
/// variable (`env:NAME`) or a file (`file:/absolute/path`, its content without the trailing line
/// break). Read when `serve` starts and on each reload.
package enum SecretReference: Sendable, Hashable, CustomStringConvertible {
  case environment(String)
  case file(String)

  /// Why a reference could not be read; the message names the variable or file, never a value.
  package struct Unavailable: Error, CustomStringConvertible {
    package var description: String
  }

  /// nil when `text` is not `env:NAME` (a variable name: letters, digits and '_', not starting
  /// with a digit) or `file:` followed by an absolute path.
  package init?(_ text: String) {
    if text.hasPrefix("env:") {
      let name = String(text.dropFirst(4))
      guard let first = name.unicodeScalars.first, !("0"..."9").contains(first),
        name.unicodeScalars.allSatisfy({
          ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        })
      else { return nil }
      self = .environment(name)
    } else if text.hasPrefix("file:/") {
      self = .file(String(text.dropFirst(5)))
    } else {
      return nil
    }
  }

  package var description: String {
    switch self {
    case .environment(let name): "env:\(name)"
    case .file(let path): "file:\(path)"
    }
  }

  /// The secret's bytes. Throws ``Unavailable`` for an unset or empty variable, or a file that
  /// cannot be read or is empty.
  package func resolve(environment: [String: String]) throws(Unavailable) -> [UInt8] {
    switch self {
    case .environment(let name):
      guard let value = environment[name], !value.isEmpty else {
        throw Unavailable(description: "the environment variable \(name) is not set (or empty)")
      }
      return Array(value.utf8)
    case .file(let path):
      guard var data = FileManager.default.contents(atPath: path) else {
        throw Unavailable(description: "cannot read the secret file '\(path)'")
      }
      while let last = data.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { data.removeLast() }
      guard !data.isEmpty else { throw Unavailable(description: "the secret file '\(path)' is empty") }
      return Array(data)
    }
  }
}
