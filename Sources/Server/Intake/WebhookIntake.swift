import Foundation
import History
import Logging

/// Accepting one webhook request: parse, store durably, hand to the stage, answer.
struct WebhookIntake: Sendable {
  let registry: ScenarioRegistry
  let history: any ServeStore
  let stage: DeliveryStage
  let metrics: ServerMetrics
  let activity: IntakeActivity
  let configuration: ServerConfiguration
  let logger: Logger

  /// What to answer: a status and a JSON object.
  struct Answer: Sendable {
    var status: Int
    var json: [String: String]
    var retryAfter: Int?
  }

  func accept(hook: String, body: [UInt8]?, contentType: String?) async -> Answer {
    guard let scenario = registry.current.byHook[hook], scenario.webhookName != nil else {
      metrics.webhook(hook: "unknown", outcome: "unknown_hook")
      return Answer(status: 404, json: ["error": "no scenario listens at /hooks/\(hook)"])
    }
    guard let body else {
      metrics.webhook(hook: hook, outcome: "too_large")
      return Answer(
        status: 413, json: ["error": "the body is larger than the limit of \(configuration.maxBodySize) bytes"])
    }
    let parsed: WebhookBody
    do {
      parsed = try WebhookBody.parse(body, contentType: contentType, isSonarEvent: scenario.sonarEvent != nil)
    } catch {
      metrics.webhook(hook: hook, outcome: "malformed")
      return Answer(status: 400, json: ["error": error.message])
    }
    if metrics.queueDepth >= configuration.maxQueueDepth {
      metrics.webhook(hook: hook, outcome: "unavailable")
      return Answer(
        status: 503, json: ["error": "the queue holds \(configuration.maxQueueDepth) deliveries; retry later"],
        retryAfter: 5)
    }
    let now = Date()
    let delivery = QueuedDelivery(
      id: DeliveryID.timeOrdered(now: now), hook: hook, dedupeKey: parsed.dedupeKey, body: parsed.storedText,
      receivedAt: now)
    stage.reserve(delivery.id)
    let isNew: Bool
    do {
      isNew = try await history.enqueue(delivery)
    } catch {
      stage.release(delivery.id)
      metrics.webhook(hook: hook, outcome: "unavailable")
      logger.error("cannot store a webhook delivery", metadata: ["hook": "\(hook)", "error": "\(error)"])
      return Answer(status: 503, json: ["error": "the delivery could not be stored; retry later"], retryAfter: 5)
    }
    guard isNew else {
      stage.release(delivery.id)
      metrics.webhook(hook: hook, outcome: "duplicate")
      return Answer(status: 200, json: ["status": "duplicate"])
    }
    metrics.adjustQueueDepth(by: 1)
    metrics.webhook(hook: hook, outcome: "accepted")
    activity.noteAccepted()
    stage.offer(delivery)
    return Answer(status: 200, json: ["status": "accepted", "id": delivery.id])
  }
}
