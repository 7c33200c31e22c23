import AsyncHTTPClient
import Basics
import Logging
import NIOCore
import NIOHTTP1

/// One delivery to make.
struct WebhookJob: Sendable {
  var generation: Int
  var deliveryIndex: Int
  var url: String
  var httpMethod: String
  var body: [UInt8]
}

/// Delivers webhook events in the background, with Sonar's retry schedule (10 s, 30 s, 3 min,
/// 30 min after the first attempt) multiplied by `retryScale`. Runs as a child task of the emulator;
/// events from one API call are first tried in order, retries run concurrently.
struct WebhookDispatcher: Sendable {
  static let sonarSchedule: [Double] = [10, 30, 180, 1800]

  let jobs: AsyncStream<[WebhookJob]>
  let store: EmulatorStore
  let httpClient: HTTPClient
  let retryScale: Double
  let attemptTimeout: Duration
  let logger: Logger

  func run() async {
    await withDiscardingTaskGroup { group in
      for await batch in jobs {
        group.addTask {
          await withDiscardingTaskGroup { retries in
            for job in batch {
              if await attempt(job, isLast: false) { continue }
              retries.addTask { await retry(job) }
            }
          }
        }
      }
    }
  }

  private func retry(_ job: WebhookJob) async {
    for (index, delay) in Self.sonarSchedule.enumerated() {
      do {
        try await Task.sleep(for: .milliseconds(Int64(delay * retryScale * 1000)))
      } catch {
        return
      }
      // A reset drops pending deliveries.
      guard await store.generation == job.generation else { return }
      if await attempt(job, isLast: index == Self.sonarSchedule.count - 1) { return }
    }
  }

  /// One attempt; records it and returns whether the receiver answered 2xx.
  private func attempt(_ job: WebhookJob, isLast: Bool) async -> Bool {
    var request = HTTPClientRequest(url: job.url)
    request.method = HTTPMethod(rawValue: job.httpMethod)
    request.headers.add(name: "Content-Type", value: "application/json")
    request.headers.add(name: "User-Agent", value: "sonarflow-emulator")
    request.body = .bytes(ByteBuffer(bytes: job.body))
    do {
      let response = try await httpClient.execute(
        request, timeout: .nanoseconds(attemptTimeout.wholeNanoseconds))
      _ = try? await response.body.collect(upTo: 1024 * 1024)
      let code = Int(response.status.code)
      let ok = (200..<300).contains(code)
      await store.recordAttempt(
        generation: job.generation, deliveryIndex: job.deliveryIndex, statusCode: code, error: nil,
        finalStatus: ok ? "delivered" : (isLast ? "failed" : nil))
      return ok
    } catch {
      if Task.isCancelled { return true }
      logger.debug("webhook delivery failed", metadata: ["url": "\(job.url)", "error": "\(error)"])
      await store.recordAttempt(
        generation: job.generation, deliveryIndex: job.deliveryIndex, statusCode: nil,
        error: "\(error)", finalStatus: isLast ? "failed" : nil)
      return false
    }
  }
}
