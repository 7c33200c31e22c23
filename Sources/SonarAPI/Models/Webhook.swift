package import Basics

/// The events a Sonar webhook can subscribe to (`settings` keys of `POST /webhooks`). The first seven
/// are the ones Make's Sonar app watches.
package enum WebhookEventKind: String, Sendable, Hashable, CaseIterable, Codable {
  case customerCreated = "customer_created"
  case customerStateChanged = "customer_state_changed"
  case tagAddedToMessage = "tag_added_to_message"
  case tagRemovedFromMessage = "tag_removed_from_message"
  case outboundMessage = "outbound_message"
  case newAssignedMessage = "new_assigned_message"
  case newUnassignedMessage = "new_unassigned_message"
  case customerSubscribed = "customer_subscribed"
  case customerUnsubscribed = "customer_unsubscribed"
  case userAssignment = "user_assignment"
}

/// What `POST /webhooks` registers.
package struct WebhookRegistration: Sendable, Hashable {
  package var name: String
  package var url: String
  package var events: [WebhookEventKind]
  package var isActive: Bool
  /// `POST` in every Sonar example.
  package var httpMethod: String

  package init(
    name: String, url: String, events: [WebhookEventKind], isActive: Bool = true,
    httpMethod: String = "POST"
  ) {
    self.name = name
    self.url = url
    self.events = events
    self.isActive = isActive
    self.httpMethod = httpMethod
  }
}

/// A registered webhook as Sonar (or the emulator) returns it.
package struct Webhook: Sendable, Hashable {
  package var id: Int
  package var name: String?
  package var isActive: Bool
  package var url: String?
  package var httpMethod: String?
  /// Event key → `"true"`/`"false"`.
  package var settings: [String: String]
  package var json: JSONObject

  package init(json: JSONObject) throws(SonarError) {
    guard let idValue = json["id"], let id = idValue.stringValue.flatMap({ Int($0) }) else {
      throw SonarError.invalidResponse("the webhook has no id")
    }
    self.id = id
    name = json["name"]?.stringValue
    isActive = json["active"]?.boolValue ?? false
    url = json["url"]?.stringValue
    httpMethod = json["http_method"]?.stringValue
    var settings: [String: String] = [:]
    for entry in json["settings"]?.objectValue?.entries ?? [] {
      settings[entry.key] = entry.value.stringValue
    }
    self.settings = settings
    self.json = json
  }

  /// The events whose setting is `"true"`.
  package var subscribedEvents: Set<String> {
    Set(settings.filter { JSONValue.string($0.value).boolValue == true }.keys)
  }
}

/// A webhook call Sonar makes to a registered URL (reference §7.3). Every field but `action` is
/// optional; unknown actions keep their body in `json`.
package struct WebhookEvent: Sendable, Hashable {
  package var action: String
  package var uuid: String?
  package var messageID: String?
  package var text: String?
  package var tagName: String?
  package var customer: JSONObject?
  package var user: JSONObject?
  package var json: JSONObject

  package init(json: JSONObject) throws(SonarError) {
    guard let action = json["action"]?.stringValue else {
      throw SonarError.invalidResponse("the webhook payload has no action")
    }
    self.action = action
    uuid = json["uuid"]?.stringValue
    messageID = json["message_id"]?.stringValue
    text = json["text"]?.stringValue
    tagName = json["tag_name"]?.stringValue
    customer = json["customer"]?.objectValue
    user = json["user"]?.objectValue
    self.json = json
  }

  package var kind: WebhookEventKind? { WebhookEventKind(rawValue: action) }
}
