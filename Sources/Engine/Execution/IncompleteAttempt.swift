package import Foundation
package import History

/// An attempt to complete an incomplete execution — by `sonarflow history resume`, or by `serve`
/// when its automatic attempt is due — and the incomplete execution as the attempt leaves it. The
/// attempt is recorded as an execution of its own, linked to the incomplete one (`parentID`).
extension ExecutionResult {
  /// Takes out the bundle the attempt stopped again, if it did: it stays the incomplete execution
  /// the attempt was made for (never a second incomplete execution for the same bundle, which
  /// could be completed — and its messages sent — twice). Other bundles it stopped (an iterator
  /// after the failed module) stay incomplete executions of their own.
  package mutating func takeBundleStoppedAgain() -> IncompleteBundle? {
    incomplete.isEmpty ? nil : incomplete.removeFirst()
  }
}

extension ExecutionRecord {
  /// This incomplete execution after `attempt`, which stopped `stoppedAgain` (taken out of it
  /// with ``ExecutionResult/takeBundleStoppedAgain()``). Resolved when the attempt succeeded (or
  /// ended in warning without stopping the bundle again); otherwise still incomplete, with the
  /// attempt's error and resume point, naming the attempt. An automatic attempt counts against
  /// the retry schedule; one by hand leaves the count as it was (a resume asked for in the
  /// console is then done, and the automatic attempts left go on from now), and an interrupted
  /// one (shutdown) is due again at once.
  package func after(
    attempt: ExecutionResult, stoppedAgain: IncompleteBundle?, at now: Date, isAutomatic: Bool
  ) -> ExecutionRecord {
    var record = self
    let attemptID = attempt.executionID
    if stoppedAgain == nil, attempt.status == .success || attempt.status == .warning {
      record.status = .success
      record.resumeState = nil
      record.retry = nil
      record.resumeRequestedAt = nil
      record.error = ErrorRecord(type: "Resolved", message: "resumed as execution \(attemptID)")
      record.finishedAt = now
      return record
    }
    if let bundle = stoppedAgain {
      record.resumeState = bundle.resumeState.jsonData
      record.error = ErrorRecord(
        type: bundle.error.type.rawValue, message: "\(bundle.error.message) (stopped again in execution \(attemptID))",
        moduleID: bundle.moduleID, location: nil)
    } else if let error = attempt.error, attempt.status == .error {
      record.error = ErrorRecord(
        type: error.type.rawValue, message: "\(error.message) (resumed in execution \(attemptID), which failed)",
        moduleID: attempt.errorModuleID, location: attempt.errorLocation.map { "\($0)" })
    }
    if attempt.status == .interrupted {
      if isAutomatic { record.retry?.nextAttemptAt = now }
    } else if isAutomatic {
      record.retry = record.retry?.afterFailedAttempt(at: now)
    } else if resumeRequestedAt != nil {
      record.resumeRequestedAt = nil
      record.retry = record.retry?.afterResumeByHand(at: now)
    }
    return record
  }
}
