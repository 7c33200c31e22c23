/// The scenarios being served, replaced as a whole on reload (SIGHUP). Readers take a snapshot.
import Synchronization

package final class ScenarioRegistry: Sendable {
  package struct Snapshot: Sendable {
    package var generation: Int
    package var byHook: [String: ServedScenario]
    package var polling: [ServedScenario]
    package var all: [ServedScenario]
  }

  private struct Inner: Sendable {
    var snapshot: Snapshot
    var waiters: [CheckedContinuation<Void, Never>] = []
  }

  // One lock for the snapshot and the waiters, so a waiter cannot miss a replace.
  private let inner: Mutex<Inner>

  package init(_ scenarios: [ServedScenario]) {
    inner = Mutex(Inner(snapshot: Self.snapshot(scenarios, generation: 0)))
  }

  package var current: Snapshot { inner.withLock { $0.snapshot } }

  package func replace(with scenarios: [ServedScenario]) {
    let woken = inner.withLock { inner -> [CheckedContinuation<Void, Never>] in
      inner.snapshot = Self.snapshot(scenarios, generation: inner.snapshot.generation + 1)
      defer { inner.waiters.removeAll() }
      return inner.waiters
    }
    for waiter in woken { waiter.resume() }
  }

  /// Returns after the next `replace` (or at once if one happened since `generation`), or `wakeAll`.
  package func waitForChange(after generation: Int) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let changed = inner.withLock { inner -> Bool in
        if inner.snapshot.generation != generation { return true }
        inner.waiters.append(continuation)
        return false
      }
      if changed { continuation.resume() }
    }
  }

  /// Wakes every waiter without a change (at shutdown).
  package func wakeAll() {
    let woken = inner.withLock { inner -> [CheckedContinuation<Void, Never>] in
      defer { inner.waiters.removeAll() }
      return inner.waiters
    }
    for waiter in woken { waiter.resume() }
  }

  private static func snapshot(_ scenarios: [ServedScenario], generation: Int) -> Snapshot {
    var byHook: [String: ServedScenario] = [:]
    for scenario in scenarios { if let hook = scenario.hook { byHook[hook] = scenario } }
    return Snapshot(generation: generation, byHook: byHook, polling: scenarios.filter(\.isPolling), all: scenarios)
  }
}
