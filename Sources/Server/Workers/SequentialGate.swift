/// Make's "Sequential processing": executions of a scenario with `settings.sequential` run one at a
/// time, in the order workers asked for their turn (which is the order deliveries were handed out).
actor SequentialGate {
  private var busy: Set<String> = []
  private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

  /// Runs `body` when no other execution of `key` is running.
  func run<T: Sendable>(_ key: String, _ body: @Sendable () async -> T) async -> T {
    await acquire(key)
    let result = await body()
    release(key)
    return result
  }

  private func acquire(_ key: String) async {
    if busy.insert(key).inserted { return }
    await withCheckedContinuation { continuation in
      waiting[key, default: []].append(continuation)
    }
  }

  private func release(_ key: String) {
    if var queue = waiting[key], !queue.isEmpty {
      // Hand the turn straight to the next waiter; `key` stays busy.
      let next = queue.removeFirst()
      waiting[key] = queue.isEmpty ? nil : queue
      next.resume()
    } else {
      busy.remove(key)
    }
  }
}
