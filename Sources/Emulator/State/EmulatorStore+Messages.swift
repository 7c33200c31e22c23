import Basics
import Foundation
import SonarAPI

extension EmulatorStore {
  /// Sonar refuses the same text to the same customer within this many seconds.
  static let duplicateWindow: Double = 7

  /// `POST /messages`.
  func sendMessage(_ parameters: JSONObject) -> EmulatorResponse {
    let toText = parameters["to"]?.stringValue ?? ""
    let text = parameters["text"]?.stringValue
    let mediaURL = parameters["media_url"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    var missingKeys: [String] = []
    if (text ?? "").isEmpty && mediaURL == nil { missingKeys.append("text") }
    if toText.isEmpty { missingKeys.append("to") }
    if !missingKeys.isEmpty {
      return .error(400, missingKeys.map { "\($0) is missing" }.joined(separator: ", "))
    }
    if let text, mediaURL == nil, text.trimmingWhitespace().isEmpty {
      return .error(400, "text is empty")
    }
    guard let phone = PhoneNumber(toText) else { return .error(400, "Invalid Phone Number") }
    let tagNames: [String]
    switch tagList(parameters["tag_names"]) {
    case .failure(let error): return error.response
    case .success(let names): tagNames = names
    }
    var events: [EmulatorEvent] = []
    guard let customer = findOrCreateCustomer(phone, events: &events) else {
      return .error(403, "Trial Customer Limit Reached")
    }
    let echo: [(String, JSONValue)] = [("to", .string(toText)), ("text", .optional(text))]
    guard customer.isSubscribed else {
      publish(events)
      return .json(202, echo + [("status", "unsubscribed")])
    }
    let time = now.secondsSince1970
    let comparable = text ?? mediaURL ?? ""
    if let last = lastOutbound[phone.e164], last.text == comparable,
      time - last.at < Self.duplicateWindow
    {
      publish(events)
      if account.duplicateMode == "accept" { return .json(202, echo + [("status", "queued")]) }
      return .error(400, "Duplicate message")
    }
    if let limit = account.trialMessageLimit, outboundCount() >= limit {
      publish(events)
      return .error(403, "Trial Message Limit Reached")
    }
    let message = EmulatedMessage(
      id: newMessageID(), direction: .outbound, phone: phone, text: text,
      mediaURL: mediaURL,
      tags: tagNames, source: "api", createdAt: now)
    record(message)
    lastOutbound[phone.e164] = (comparable, time)
    events.append(
      WebhookPayloads.outboundMessage(message, customer: customer, companyName: account.companyName)
    )
    publish(events)
    return .json(202, echo + [("status", "queued")])
  }

  private func outboundCount() -> Int { messages.count { $0.direction == .outbound } }

  /// `tag_names` as an array (JSON, `tag_names[]=`) or one string; every tag must exist.
  func tagList(_ value: JSONValue?) -> Result<[String], EmulatorResponseError> {
    guard let value, !value.isNull else { return .success([]) }
    var names: [String] = []
    if let items = value.arrayValue {
      for item in items {
        guard let name = item.stringValue else {
          return .failure(.init(.error(400, "tag_names is invalid")))
        }
        names.append(name)
      }
    } else if let name = value.stringValue {
      names = name.isEmpty ? [] : [name]
    } else {
      return .failure(.init(.error(400, "tag_names is invalid")))
    }
    if let unknown = names.first(where: { !tags.contains($0) }) {
      return .failure(.init(.error(400, "Tag not found: \(unknown)")))
    }
    return .success(names)
  }

  /// `POST /messages/{id}/tags`: adds tags; fires `tag_added_to_message` for each new one.
  func appendTags(messageID: String, _ parameters: JSONObject) -> EmulatorResponse {
    if parameters["tag_names"] == nil { return .error(400, "tag_names is missing") }
    let names: [String]
    switch tagList(parameters["tag_names"]) {
    case .failure(let error): return error.response
    case .success(let list): names = list
    }
    if names.isEmpty { return .error(400, "tag_names is missing") }
    guard let index = messageIndex[messageID.lowercased()] else {
      return .error(404, "Message not found")
    }
    var events: [EmulatorEvent] = []
    for name in names where !messages[index].tags.contains(name) {
      messages[index].tags.append(name)
      if let customer = customers[messages[index].phone.e164] {
        events.append(WebhookPayloads.tagAdded(name, to: messages[index], customer: customer))
      }
    }
    publish(events)
    return .json(
      200,
      [
        ("message_id", .string(messages[index].id)),
        ("tag_names", .array(messages[index].tags.map(JSONValue.string))),
      ])
  }

  /// `POST /campaigns`: sends the next text variant, customer fields substituted.
  func sendCampaign(_ parameters: JSONObject) -> EmulatorResponse {
    if let missing = missing(["to", "campaign_id"], in: parameters) { return missing }
    let toText = parameters["to"]?.stringValue ?? ""
    guard let phone = PhoneNumber(toText) else { return .error(400, "Invalid Phone Number") }
    let campaignID = parameters["campaign_id"]?.stringValue ?? ""
    var sendAt: SonarTimestamp?
    if let value = parameters["send_at"], !value.isNull, value.stringValue != "" {
      guard let text = value.stringValue, let timestamp = SonarTimestamp(iso8601: text) else {
        return .error(400, "send_at is invalid")
      }
      sendAt = timestamp
    }
    guard var campaign = campaigns[campaignID], !campaign.texts.isEmpty else {
      return .error(404, "Campaign not found")
    }
    var events: [EmulatorEvent] = []
    guard let customer = findOrCreateCustomer(phone, events: &events) else {
      return .error(403, "Trial Customer Limit Reached")
    }
    guard customer.isSubscribed else {
      publish(events)
      return .json(202, [("to", .string(toText)), ("text", "sent"), ("status", "unsubscribed")])
    }
    if let limit = account.trialMessageLimit, outboundCount() >= limit {
      publish(events)
      return .error(403, "Trial Message Limit Reached")
    }
    let template = campaign.texts[campaign.sendCount % campaign.texts.count]
    campaign.sendCount += 1
    campaigns[campaignID] = campaign
    let message = EmulatedMessage(
      id: newMessageID(), direction: .outbound, phone: phone,
      text: Self.render(template, for: customer), mediaURL: nil, tags: [], source: "campaign",
      campaignID: campaignID,
      sendAt: sendAt, createdAt: now)
    record(message)
    events.append(
      WebhookPayloads.outboundMessage(message, customer: customer, companyName: account.companyName)
    )
    publish(events)
    return .json(202, [("to", .string(toText)), ("text", "sent"), ("status", "queued")])
  }

  /// Replaces `{{first_name}}`, `{{last_name}}`, `{{email}}`, `{{phone_number}}` and
  /// `{{<property>}}` with the customer's values (empty when unset).
  static func render(_ template: String, for customer: EmulatedCustomer) -> String {
    var output = ""
    var rest = Substring(template)
    while let open = rest.range(of: "{{") {
      output += rest[..<open.lowerBound]
      guard let close = rest[open.upperBound...].range(of: "}}") else {
        output += rest[open.lowerBound...]
        return output
      }
      let key = String(rest[open.upperBound..<close.lowerBound]).trimmingWhitespace()
      switch key {
      case "first_name": output += customer.firstName ?? ""
      case "last_name": output += customer.lastName ?? ""
      case "email": output += customer.email ?? ""
      case "phone_number": output += customer.phone.e164
      default: output += customer.properties[key]?.stringValue ?? ""
      }
      rest = rest[close.upperBound...]
    }
    output += rest
    return output
  }
}
