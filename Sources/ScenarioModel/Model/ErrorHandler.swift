/// A module's error-handler route: optional modules, then a directive, as in Make.
package struct ErrorHandler: Sendable, Hashable {
  package var flow: [FlowModule]
  package var directive: Located<Directive>
  /// Only with `break`: retry the failed module later.
  package var retry: Retry?
  /// Only with `resume`: the substitute output bundle of the failed module.
  package var output: YAMLMapping?
  package var location: SourceLocation

  package init(
    flow: [FlowModule], directive: Located<Directive>, retry: Retry?, output: YAMLMapping?,
    location: SourceLocation
  ) {
    self.flow = flow
    self.directive = directive
    self.retry = retry
    self.output = output
    self.location = location
  }
}

/// Make's error directives.
package enum Directive: String, Sendable, Hashable, CaseIterable {
  /// Drop the bundle, mark the execution successful.
  case ignore
  /// Continue with a substitute output.
  case resume
  /// Stop, keep what was done, mark the execution successful.
  case commit
  /// Stop, undo what can be undone, mark the execution as an error.
  case rollback
  /// Stop this bundle, store an incomplete execution and retry it later.
  case `break`
}

/// `break`'s automatic retry: how many attempts and how far apart.
package struct Retry: Sendable, Hashable {
  package var attempts: Int
  package var interval: Duration
  package var location: SourceLocation

  /// Make's defaults: 3 attempts, 15 minutes apart.
  package static let defaultAttempts = 3
  package static let defaultInterval = Duration.seconds(15 * 60)

  package init(attempts: Int, interval: Duration, location: SourceLocation) {
    self.attempts = attempts
    self.interval = interval
    self.location = location
  }
}
