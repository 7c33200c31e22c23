/// How serious a finding is. Errors fail `validate` (exit 1); warnings do so only with `--strict`.
package enum Severity: String, Sendable, Hashable, Codable, Comparable {
  case error
  case warning
  case note

  private var rank: Int {
    switch self {
    case .error: 2
    case .warning: 1
    case .note: 0
    }
  }

  package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding about a scenario file or a mapping expression: what is wrong, where, and how to fix it.
///
/// Diagnostics carry data only; every renderer (human, JSON, GitHub, SARIF) builds its text from the
/// same value.
package struct Diagnostic: Sendable, Hashable, Codable {
  /// A stable identifier such as `scenario.unknownKey`, used as the `code` in JSON and SARIF output.
  package var id: String
  package var severity: Severity
  package var location: SourceLocation?
  /// Lower-case, no trailing period, quotes the offending token: `unknown module 'sonar.sendMesage'`.
  package var message: String
  /// A sentence saying what to do: `Did you mean 'sonar.sendMessage'?`
  package var fixHint: String?
  /// Related places, such as "first defined here".
  package var notes: [Note]

  package struct Note: Sendable, Hashable, Codable {
    package var location: SourceLocation?
    package var message: String

    package init(location: SourceLocation?, message: String) {
      self.location = location
      self.message = message
    }
  }

  package init(
    id: String,
    severity: Severity = .error,
    location: SourceLocation?,
    message: String,
    fixHint: String? = nil,
    notes: [Note] = []
  ) {
    self.id = id
    self.severity = severity
    self.location = location
    self.message = message
    self.fixHint = fixHint
    self.notes = notes
  }
}

/// An error that can be shown to a user as a positioned diagnostic.
package protocol DiagnosticConvertible: Error {
  var diagnostic: Diagnostic { get }
}

extension Diagnostic: DiagnosticConvertible {
  package var diagnostic: Diagnostic { self }
}

extension Diagnostic {
  /// The diagnostic at a different severity, for `--strict` and for checks whose weight depends on
  /// context.
  package func with(severity: Severity) -> Diagnostic {
    var copy = self
    copy.severity = severity
    return copy
  }
}
