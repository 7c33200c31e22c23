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
    /// Commit transactional modules' work (data store writes) when an execution succeeds. Off for
    /// a replay: its writes are seen by its own later reads and then rolled back, whatever
    /// `settings.autoCommit` says.
    package var keepsTransactionalWork = true

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
    let result = await interpreter.run(triggerBundles: triggerBundles)
    return await finish(interpreter.transaction, of: result)
  }

  /// Continues a stopped bundle from the module that failed, with `scenario` as it is now.
  package func resume(
    _ scenario: CompiledScenario, from state: ResumeState, triggerBundle: Value,
    executionID: String = UUID().uuidString.lowercased(), now: Date? = nil,
    observer: (@Sendable (OperationEvent) -> Void)? = nil
  ) async -> ExecutionResult {
    var interpreter = Interpreter(
      scenario: scenario, engine: self, executionID: executionID, now: now ?? options.clock.date(), observer: observer)
    let result = await interpreter.resume(state, triggerBundle: triggerBundle)
    return await finish(interpreter.transaction, of: result)
  }

  /// Make's commit or rollback phase: transactional modules' work is committed when the execution
  /// ended in success or warning, and rolled back when it ended in error, was interrupted, or was a
  /// dry run. A failed commit turns the execution into an error (Make's `InconsistencyError`).
  private func finish(_ transaction: ExecutionTransaction?, of result: ExecutionResult) async -> ExecutionResult {
    guard let transaction else { return result }
    guard !options.isDryRun, options.keepsTransactionalWork, result.status == .success || result.status == .warning
    else {
      await transaction.rollback()
      return result
    }
    do {
      try await transaction.commit()
      return result
    } catch {
      var failed = result
      failed.status = .error
      failed.error = ModuleError(.inconsistencyError, "the execution's work could not be committed: \(error)")
      failed.errorModuleID = nil
      failed.errorLocation = nil
      return failed
    }
  }
}
