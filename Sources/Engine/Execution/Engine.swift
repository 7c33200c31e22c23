package import Expressions
package import Foundation
import History
import ModuleCatalogue
import ScenarioModel

/// Runs compiled scenarios: every trigger bundle depth-first through the flow, with Make's flow
/// control and error handling. One engine serves any number of concurrent executions.
package struct Engine: Sendable {
  package struct Options: Sendable {
    /// Build and show Sonar write requests without sending them.
    package var isDryRun = false
    /// Lowers every module's timeout (each module's definition gives its own: 40 s for Sonar
    /// modules as in Make, a pause's delay, a request's `timeout`); for tests of timeouts.
    package var moduleTimeoutCap: Duration?
    /// Operations kept with their bundles in the result; later ones are counted only, so a run over
    /// millions of bundles does not hold them all in memory.
    package var maxRecordedOperations = 10_000
    /// Where executions read the time (`ExecutionClock`): the system's clocks, or a manual clock
    /// for runs that must record the same times every time.
    package var clock = ExecutionClock.system
    /// Keep the HTTP exchanges of every operation (`OperationEvent.exchanges`): what history
    /// shows and replay answers from. Off where nothing reads them.
    package var recordsExchanges = true

    package init() {}
  }

  package var runners: ModuleRunners
  package var options: Options

  package init(runners: ModuleRunners, options: Options = Options()) {
    self.runners = runners
    self.options = options
  }

  /// Runs one execution of `scenario` with the trigger's output bundles.
  ///
  /// - Parameters:
  ///   - now: the execution's start, the mapping's `now`; by default the clock's date.
  ///   - observer: called after every operation, for live output.
  package func run(
    _ scenario: CompiledScenario, triggerBundles: [Value], executionID: String = UUID().uuidString.lowercased(),
    now: Date? = nil, observer: (@Sendable (OperationEvent) -> Void)? = nil
  ) async -> ExecutionResult {
    var interpreter = Interpreter(
      scenario: scenario, engine: self, executionID: executionID, now: now ?? options.clock.date(), observer: observer)
    return await interpreter.run(triggerBundles: triggerBundles)
  }

  /// Continues a stopped bundle from the module that failed, with `scenario` as it is now.
  package func resume(
    _ scenario: CompiledScenario, from state: ResumeState, triggerBundle: Value,
    executionID: String = UUID().uuidString.lowercased(), now: Date? = nil,
    observer: (@Sendable (OperationEvent) -> Void)? = nil
  ) async -> ExecutionResult {
    var interpreter = Interpreter(
      scenario: scenario, engine: self, executionID: executionID, now: now ?? options.clock.date(), observer: observer)
    return await interpreter.resume(state, triggerBundle: triggerBundle)
  }
}
