/// A credential whose text never shows up in descriptions, logs or errors.
package struct SonarToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
  package let secret: String
  package init(_ secret: String) { self.secret = secret }
  package var description: String { "<redacted>" }
  package var debugDescription: String { "<redacted>" }
}
