import Synchronization

/// Runs an operation against a deadline without waiting for an operation that ignores
/// cancellation.
///
/// A task group cannot do that: it waits for every child before it returns, and a query on a
/// session the server ended can stay unanswered and deaf to cancellation. Here the operation runs
/// in a task of its own; whichever comes first — its result, the deadline, or the caller's
/// cancellation — is returned at once, and the operation is cancelled and left to end on its own
/// (closing its connection ends it; a module's runner ends when its own work does).
package enum Deadline {
  /// The deadline passed before the operation ended.
  package struct Expired: Error {
    package init() {}
  }

  /// `operation`'s result if it comes within `timeout`; else throws ``Expired`` (or
  /// `CancellationError` when the calling task is cancelled first).
  package static func run<T: Sendable>(
    within timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
  ) async throws -> T {
    let outcome = FirstOutcome<T>()
    let work = Task {
      do {
        outcome.resolve(.success(try await operation()))
      } catch {
        outcome.resolve(.failure(error))
      }
    }
    let timer = Task {
      do {
        try await Task.sleep(for: timeout)
      } catch {
        return
      }
      outcome.resolve(.failure(Expired()))
    }
    outcome.cancelWhenResolved([work, timer])
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { outcome.wait($0) }
    } onCancel: {
      outcome.resolve(.failure(CancellationError()))
    }
  }

  /// The first result given to ``resolve(_:)``, handed to the one waiter.
  private final class FirstOutcome<T: Sendable>: Sendable {
    private struct State: Sendable {
      var result: Result<T, any Error>?
      var waiter: CheckedContinuation<T, any Error>?
      var tasks: [Task<Void, Never>] = []
    }
    private let state = Mutex(State())

    func resolve(_ result: Result<T, any Error>) {
      let (waiter, tasks) = state.withLock { state -> (CheckedContinuation<T, any Error>?, [Task<Void, Never>]) in
        guard state.result == nil else { return (nil, []) }
        state.result = result
        defer {
          state.waiter = nil
          state.tasks = []
        }
        return (state.waiter, state.tasks)
      }
      for task in tasks { task.cancel() }
      waiter?.resume(with: result)
    }

    func wait(_ waiter: CheckedContinuation<T, any Error>) {
      let ready = state.withLock { state -> Result<T, any Error>? in
        if state.result == nil { state.waiter = waiter }
        return state.result
      }
      if let ready { waiter.resume(with: ready) }
    }

    func cancelWhenResolved(_ tasks: [Task<Void, Never>]) {
      let isResolved = state.withLock { state -> Bool in
        if state.result == nil { state.tasks = tasks }
        return state.result != nil
      }
      if isResolved { for task in tasks { task.cancel() } }
    }
  }
}
