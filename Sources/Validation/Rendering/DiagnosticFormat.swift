/// The output formats of `sonarflow validate`.
package enum DiagnosticFormat: String, Sendable, CaseIterable {
  /// `file:line:column: error: message`, the source line and a caret, like swiftc.
  case human
  /// An array of `{"file","line","column","severity","code","message","hint"}`.
  case json
  /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`).
  case github
  /// SARIF 2.1.0, for code-scanning dashboards.
  case sarif
}
