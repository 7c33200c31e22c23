import Basics
import CoreMetrics
import Foundation
import Synchronization

/// The `sonarflow_` series, recorded through swift-metrics (exported by swift-prometheus).
package final class ServerMetrics: Sendable {
  private let depth = Atomic<Int>(0)
  private let depthGauge = Gauge(label: "sonarflow_queue_depth")

  /// Counters and timers by label and dimensions, made once: intake counts every request and
  /// workers every execution and operation, and making a handle asks the metrics backend's
  /// registry each time.
  /// By label, then by the dimensions' values (each label always has the same dimension names),
  /// joined so that a short key such as `bench\0accepted` needs no allocation.
  private let counters = Mutex<[String: [String: Counter]]>([:])
  private let timers = Mutex<[String: CoreMetrics.Timer]>([:])

  package init() {}

  /// An execution finished with `status` (success, warning, error, incomplete, interrupted).
  package func execution(scenario: String, status: String, operations: Int) {
    counter("sonarflow_executions_total", [("scenario", scenario), ("status", status)]).increment()
    counter("sonarflow_operations_total", [("scenario", scenario)]).increment(by: operations)
  }

  /// One module operation took `duration`.
  package func module(_ name: String, duration: Duration) {
    let timer = timers.withLock { timers in
      if let timer = timers[name] { return timer }
      let timer = CoreMetrics.Timer(
        label: "sonarflow_module_duration_seconds", dimensions: [("module", name)], preferredDisplayUnit: .seconds)
      timers[name] = timer
      return timer
    }
    timer.recordNanoseconds(duration.wholeNanoseconds)
  }

  /// A webhook request ended in `outcome` (accepted, duplicate, unknown_hook, too_large, malformed,
  /// unavailable).
  package func webhook(hook: String, outcome: String) {
    counter("sonarflow_webhooks_total", [("hook", hook), ("outcome", outcome)]).increment()
  }

  /// A Sonar API call made by serve itself (webhook registration) or a Sonar module failed.
  package func sonarError(kind: String) {
    counter("sonarflow_sonar_errors_total", [("kind", kind)]).increment()
  }

  /// A polling cycle ended in `outcome` (items, empty, failed).
  package func poll(scenario: String, outcome: String) {
    counter("sonarflow_polls_total", [("scenario", scenario), ("outcome", outcome)]).increment()
  }

  private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
    var key = ""
    for (offset, dimension) in dimensions.enumerated() { key += offset == 0 ? dimension.1 : "\u{0}" + dimension.1 }
    return counters.withLock { counters in
      if let counter = counters[label]?[key] { return counter }
      let counter = Counter(label: label, dimensions: dimensions)
      counters[label, default: [:]][key] = counter
      return counter
    }
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
