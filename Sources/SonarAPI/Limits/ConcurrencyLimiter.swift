/// Caps the number of requests in flight; callers beyond the cap wait in FIFO order.
package actor ConcurrencyLimiter {
  package let limit: Int
  private var inFlight = 0
  private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
  private var nextID: UInt64 = 0

  package init(limit: Int) { self.limit = max(1, limit) }

  package var currentlyInFlight: Int { inFlight }

  /// Waits for a free slot. Throws `CancellationError` if the task is cancelled while waiting.
  package func acquire() async throws {
    if inFlight < limit {
      inFlight += 1
      return
    }
    nextID += 1
    let id = nextID
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        if Task.isCancelled {
          continuation.resume(throwing: CancellationError())
        } else {
          waiters.append((id, continuation))
        }
      }
    } onCancel: {
      Task { await self.cancelWaiter(id) }
    }
  }

  /// Frees a slot, handing it straight to the oldest waiter.
  package func release() {
    if waiters.isEmpty {
      inFlight = max(0, inFlight - 1)
    } else {
      waiters.removeFirst().continuation.resume()
    }
  }

  private func cancelWaiter(_ id: UInt64) {
    guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
    waiters.remove(at: index).continuation.resume(throwing: CancellationError())
  }
}
