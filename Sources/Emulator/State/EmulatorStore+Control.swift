import Basics
import Foundation
import SonarAPI

/// The control API (`/_emulator/…`): what tests and demos do that Sonar's public API cannot.
extension EmulatorStore {
  /// Opt-out keywords (reference §8); the whole trimmed text, case-insensitive, optionally with `!`.
  static let optOutKeywords: Set<String> = [
    "stop", "unsubscribe", "end", "cancel", "quit", "stopall", "stop messaging", "stop texting",
    "stop texting me", "stop messaging me", "leave me alone", "wrong number", "do not contact me",
  ]

  static func isOptOut(_ text: String) -> Bool {
    var normalized = text.trimmingWhitespace().lowercased()
    if normalized.hasSuffix("!") { normalized.removeLast() }
    return optOutKeywords.contains(normalized)
  }

  /// A customer texts in: `{"phone_number","text","media_url"?,"assign_to"?: {first_name,last_name,email}}`.
  func inbound(_ body: JSONObject) throws(EmulatorInputError) -> JSONValue {
    let phone = try requirePhone(body)
    let text = body["text"]?.stringValue
    let mediaURL = body["media_url"]?.stringValue
    guard !(text ?? "").isEmpty || !(mediaURL ?? "").isEmpty else {
      throw EmulatorInputError("text is missing")
    }
    var events: [EmulatorEvent] = []
    guard var customer = findOrCreateCustomer(phone, events: &events) else {
      throw EmulatorInputError("Trial Customer Limit Reached")
    }
    if let assignTo = body["assign_to"], !assignTo.isNull {
      guard let object = assignTo.objectValue else {
        throw EmulatorInputError("assign_to must be an object")
      }
      let assignee = Assignee(json: object)
      if assignee != customer.assignee {
        customer.assignee = assignee
        customers[phone.e164] = customer
        events.append(WebhookPayloads.userAssignment(customer))
      }
    }
    if customer.state == "closed" {
      customer.state = "open"
      customers[phone.e164] = customer
      events.append(WebhookPayloads.customerStateChanged(customer, from: "closed"))
    }
    let message = EmulatedMessage(
      id: newMessageID(), direction: .inbound, phone: phone, text: text,
      mediaURL: mediaURL, tags: [],
      source: "inbound", createdAt: now)
    record(message)
    events.append(WebhookPayloads.inboundMessage(message, customer: customer))
    if let text, Self.isOptOut(text), customer.isSubscribed {
      customer.isSubscribed = false
      customer.unsubscribedAt = now
      customers[phone.e164] = customer
      events.append(WebhookPayloads.customerUnsubscribed(customer))
    }
    publish(events)
    return .object(JSONObject([("message", message.stateJSON), ("customer", customer.stateJSON)]))
  }

  /// `{"phone_number", "first_name", "last_name", "email"}`: assigns a team member.
  func assign(_ body: JSONObject) throws(EmulatorInputError) -> JSONValue {
    let phone = try requirePhone(body)
    guard var customer = customers[phone.e164] else {
      throw EmulatorInputError("Customer not found")
    }
    let source = body["assignee"]?.objectValue ?? body
    customer.assignee = Assignee(json: source)
    customers[phone.e164] = customer
    publish([WebhookPayloads.userAssignment(customer)])
    return customer.stateJSON
  }

  func unassign(_ body: JSONObject) throws(EmulatorInputError) -> JSONValue {
    let phone = try requirePhone(body)
    guard var customer = customers[phone.e164] else {
      throw EmulatorInputError("Customer not found")
    }
    customer.assignee = nil
    customers[phone.e164] = customer
    return customer.stateJSON
  }

  /// `{"names": ["vip", …]}` or `{"name": "vip"}`.
  func createTags(_ body: JSONObject) throws(EmulatorInputError) -> JSONValue {
    var names = body["names"]?.arrayValue?.compactMap(\.stringValue) ?? []
    if let name = body["name"]?.stringValue { names.append(name) }
    guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
      throw EmulatorInputError("names is missing")
    }
    for name in names where !tags.contains(name) { tags.append(name) }
    return .array(tags.map(JSONValue.string))
  }

  /// `{"id": "welcome", "texts": ["Hi {{first_name}}", …]}`.
  func createCampaign(_ body: JSONObject) throws(EmulatorInputError) -> JSONValue {
    guard let id = body["id"]?.stringValue, !id.isEmpty else {
      throw EmulatorInputError("id is missing")
    }
    let texts =
      body["texts"]?.arrayValue?.compactMap(\.stringValue) ?? body["text"].flatMap(\.stringValue)
      .map { [$0] } ?? []
    guard !texts.isEmpty else { throw EmulatorInputError("texts is missing") }
    let campaign = EmulatedCampaign(id: id, texts: texts)
    addCampaign(campaign)
    return campaign.stateJSON
  }

  /// `{"message_id", "tag_name"}`: removes a tag, firing `tag_removed_from_message`.
  func removeTag(_ body: JSONObject) throws(EmulatorInputError) -> JSONValue {
    guard let id = body["message_id"]?.stringValue, let index = messageIndex[id.lowercased()] else {
      throw EmulatorInputError("Message not found")
    }
    guard let name = body["tag_name"]?.stringValue,
      let position = messages[index].tags.firstIndex(of: name)
    else {
      throw EmulatorInputError("the message has no such tag")
    }
    messages[index].tags.remove(at: position)
    if let customer = customers[messages[index].phone.e164] {
      publish([WebhookPayloads.tagRemoved(name, from: messages[index], customer: customer)])
    }
    return messages[index].stateJSON
  }

  func updateAccount(_ body: JSONObject) throws(EmulatorInputError) -> JSONValue {
    var updated = account
    try updated.apply(body)
    account = updated
    return account.json
  }

  /// `{"advance_seconds": 8}`: moves the emulator's clock (the 7-second rule).
  func advanceClock(_ body: JSONObject) throws(EmulatorInputError) -> JSONValue {
    guard let seconds = try body["advance_seconds"]?.optionalDouble("advance_seconds"), seconds >= 0
    else {
      throw EmulatorInputError("advance_seconds must be a non-negative number")
    }
    clockOffset += seconds
    return .object(JSONObject([("now", .string(now.iso8601))]))
  }

  private func requirePhone(_ body: JSONObject) throws(EmulatorInputError) -> PhoneNumber {
    guard let text = body["phone_number"]?.stringValue, !text.isEmpty else {
      throw EmulatorInputError("phone_number is missing")
    }
    guard let phone = PhoneNumber(text) else { throw EmulatorInputError("Invalid Phone Number") }
    return phone
  }
}
