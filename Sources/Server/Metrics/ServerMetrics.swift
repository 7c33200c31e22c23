import CoreMetrics
import Foundation
import Synchronization

/// The `sonarflow_` series, recorded through swift-metrics (exported by swift-prometheus).
package final class ServerMetrics: Sendable {
  private let depth = Atomic<Int>(0)
  private let depthGauge = Gauge(label: "sonarflow_queue_depth")

  /// Webhook counters by hook and outcome: intake counts every request, so they are made once.
  private let webhookCounters = Mutex<[String: Counter]>([:])

  package init() {}

  /// An execution finished with `status` (success, warning, error, incomplete, interrupted).
  package func execution(scenario: String, status: String, operations: Int) {
    Counter(label: "sonarflow_executions_total", dimensions: [("scenario", scenario), ("status", status)]).increment()
    Counter(label: "sonarflow_operations_total", dimensions: [("scenario", scenario)]).increment(by: operations)
  }

  /// One module operation took `duration`.
  package func module(_ name: String, duration: Duration) {
    let (seconds, attoseconds) = duration.components
    let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    Timer(label: "sonarflow_module_duration_seconds", dimensions: [("module", name)], preferredDisplayUnit: .seconds)
      .recordNanoseconds(nanoseconds)
  }

  /// A webhook request ended in `outcome` (accepted, duplicate, unknown_hook, too_large, malformed,
  /// unavailable).
  package func webhook(hook: String, outcome: String) {
    let key = hook + "\u{0}" + outcome
    let counter = webhookCounters.withLock { counters in
      if let counter = counters[key] { return counter }
      let counter = Counter(label: "sonarflow_webhooks_total", dimensions: [("hook", hook), ("outcome", outcome)])
      counters[key] = counter
      return counter
    }
    counter.increment()
  }

  /// A Sonar API call made by serve itself (webhook registration) or a Sonar module failed.
  package func sonarError(kind: String) {
    Counter(label: "sonarflow_sonar_errors_total", dimensions: [("kind", kind)]).increment()
  }

  /// A polling cycle ended in `outcome` (items, empty, failed).
  package func poll(scenario: String, outcome: String) {
    Counter(label: "sonarflow_polls_total", dimensions: [("scenario", scenario), ("outcome", outcome)]).increment()
  }

  /// Pending deliveries in the durable queue.
  package var queueDepth: Int { depth.load(ordering: .relaxed) }

  package func setQueueDepth(_ value: Int) {
    depth.store(value, ordering: .relaxed)
    depthGauge.record(value)
  }

  package func adjustQueueDepth(by delta: Int) {
    let value = depth.add(delta, ordering: .relaxed).newValue
    depthGauge.record(value)
  }
}
