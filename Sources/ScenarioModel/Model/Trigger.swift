/// Module 1 of a scenario: an instant (webhook) or polling trigger.
package struct Trigger: Sendable, Hashable {
  package var module: Located<String>
  package var name: String?
  /// Static settings such as `webhookName`, checked against the module's spec.
  package var params: YAMLMapping?
  package var schedule: Schedule?
  /// Whether the file writes a `schedule` at all (``schedule`` is nil too when the one written
  /// is invalid, which its own diagnostic reports).
  package var isScheduleWritten: Bool
  /// Kept for export to Make, no effect on runs (as ``FlowModule/make``).
  package var make: YAMLMapping?
  package var location: SourceLocation

  /// The trigger is always module 1, as in Make.
  package static let id = 1

  package init(
    module: Located<String>, name: String?, params: YAMLMapping?, schedule: Schedule?,
    make: YAMLMapping? = nil, isScheduleWritten: Bool? = nil, location: SourceLocation
  ) {
    self.make = make
    self.isScheduleWritten = isScheduleWritten ?? (schedule != nil)
    self.module = module
    self.name = name
    self.params = params
    self.schedule = schedule
    self.location = location
  }
}

/// When a polling trigger runs: a fixed interval or a cron expression (in the scenario's time zone).
package enum Schedule: Sendable, Hashable {
  case every(Located<Duration>)
  case cron(Located<CronExpression>)
}
