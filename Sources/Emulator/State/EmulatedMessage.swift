import Basics
import SonarAPI

/// A message the emulator recorded: sent through the API or a campaign, or texted in.
struct EmulatedMessage: Sendable {
  enum Direction: String, Sendable { case outbound, inbound }

  var id: String
  var direction: Direction
  var phone: PhoneNumber
  var text: String?
  var mediaURL: String?
  var tags: [String]
  /// `api`, `campaign` or `inbound`.
  var source: String
  var campaignID: String?
  var sendAt: SonarTimestamp?
  var createdAt: SonarTimestamp

  var stateJSON: JSONValue {
    .object(
      JSONObject([
        ("id", .string(id)),
        ("direction", .string(direction.rawValue)),
        ("phone_number", .string(phone.e164)),
        ("text", .optional(text)),
        ("media_url", .optional(mediaURL)),
        ("tag_names", .array(tags.map(JSONValue.string))),
        ("source", .string(source)),
        ("campaign_id", .optional(campaignID)),
        ("send_at", .optional(sendAt?.iso8601)),
        ("created_at", .string(createdAt.iso8601)),
      ]))
  }
}

/// A campaign: a slug and its text variants (A/B), sent in turn.
struct EmulatedCampaign: Sendable {
  var id: String
  var texts: [String]
  var sendCount = 0

  var stateJSON: JSONValue {
    .object(
      JSONObject([
        ("id", .string(id)), ("texts", .array(texts.map(JSONValue.string))),
        ("send_count", .int(sendCount)),
      ]))
  }
}

/// A registered webhook.
struct EmulatedWebhook: Sendable {
  var id: Int
  var name: String
  var isActive: Bool
  var url: String
  var httpMethod: String
  /// Event key → `"true"`/`"false"`, as registered.
  var settings: JSONObject

  var json: JSONValue {
    .object(
      JSONObject([
        ("id", .int(id)), ("name", .string(name)), ("active", .bool(isActive)),
        ("url", .string(url)),
        ("http_method", .string(httpMethod)), ("settings", .object(settings)),
      ]))
  }

  func isSubscribed(to action: String) -> Bool {
    isActive && settings[action]?.boolValue == true
  }
}

/// One webhook event for one webhook, and every attempt to deliver it.
struct WebhookDelivery: Sendable {
  struct Attempt: Sendable {
    var number: Int
    var at: SonarTimestamp
    var statusCode: Int?
    var error: String?
  }

  var id: Int
  var webhookID: Int
  var eventUUID: String
  var action: String
  var url: String
  var httpMethod: String
  var payload: JSONValue
  /// `pending`, `delivered` or `failed` (retries exhausted).
  var status = "pending"
  var attempts: [Attempt] = []

  var stateJSON: JSONValue {
    .object(
      JSONObject([
        ("id", .int(id)), ("webhook_id", .int(webhookID)), ("uuid", .string(eventUUID)),
        ("action", .string(action)),
        ("url", .string(url)), ("status", .string(status)),
        (
          "attempts",
          .array(
            attempts.map {
              .object(
                JSONObject([
                  ("attempt", .int($0.number)), ("at", .string($0.at.iso8601)),
                  ("status_code", $0.statusCode.map(JSONValue.int) ?? .null),
                  ("error", .optional($0.error)),
                ]))
            })
        ),
        ("payload", payload),
      ]))
  }
}
