import Synchronization

/// Caps the number of requests in flight; callers beyond the cap wait in FIFO order.
///
/// A `Mutex` rather than an actor so a cancelled waiter is removed synchronously from the
/// cancellation handler, without spawning a task.
package final class ConcurrencyLimiter: Sendable {
  private struct State {
    var inFlight = 0
    var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    var nextID: UInt64 = 0
    var cancelledBeforeWaiting: Set<UInt64> = []
  }

  package let limit: Int
  private let state = Mutex(State())

  package init(limit: Int) { self.limit = max(1, limit) }

  package var currentlyInFlight: Int { state.withLock { $0.inFlight } }

  /// Waits for a free slot. Throws `CancellationError` if the task is cancelled while waiting.
  package func acquire() async throws {
    let id: UInt64? = state.withLock { state in
      if state.inFlight < limit {
        state.inFlight += 1
        return nil
      }
      state.nextID += 1
      return state.nextID
    }
    guard let id else { return }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation {
        (continuation: CheckedContinuation<Void, any Error>) in
        let resumeNow: Bool = state.withLock { state in
          if state.cancelledBeforeWaiting.remove(id) != nil { return true }
          if state.inFlight < limit {
            // A slot was freed between the first check and now.
            state.inFlight += 1
            continuation.resume()
            return false
          }
          state.waiters.append((id, continuation))
          return false
        }
        if resumeNow { continuation.resume(throwing: CancellationError()) }
      }
    } onCancel: {
      let waiter: CheckedContinuation<Void, any Error>? = state.withLock { state in
        if let index = state.waiters.firstIndex(where: { $0.id == id }) {
          return state.waiters.remove(at: index).continuation
        }
        state.cancelledBeforeWaiting.insert(id)
        return nil
      }
      waiter?.resume(throwing: CancellationError())
    }
  }

  /// Frees a slot, handing it straight to the oldest waiter.
  package func release() {
    let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
      if state.waiters.isEmpty {
        state.inFlight = max(0, state.inFlight - 1)
        return nil
      }
      return state.waiters.removeFirst().continuation
    }
    next?.resume()
  }
}
