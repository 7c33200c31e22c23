import Basics
package import Foundation
import SonarAPI

/// The initial state the emulator starts with and returns to on reset (`--state FILE`); format in
/// docs/emulator.md:
/// ```json
/// {"account": {"subscription_active": true, "trial_message_limit": null},
///  "customers": [{"phone_number": "+13105551111", "first_name": "One", "properties": {"vip": "true"},
///                 "subscribed": true, "state": "open", "assignee": {"first_name": "Ann", …}}],
///  "tags": ["vip"],
///  "campaigns": [{"id": "welcome", "texts": ["Hi {{first_name}}!", "Hello {{first_name}}!"]}]}
/// ```
package struct EmulatorStateFile: Sendable {
  var account = AccountSettings()
  var customers: [EmulatedCustomer] = []
  var tags: [String] = []
  var campaigns: [EmulatedCampaign] = []

  /// Empty: no customers, tags or campaigns; every account switch on.
  package static let empty = EmulatorStateFile()

  package init() {}

  /// Reads the JSON state file; errors name the offending entry.
  package init(contentsOf url: URL) throws {
    let data = try Data(contentsOf: url)
    try self.init(json: Array(data))
  }

  package init(json bytes: [UInt8]) throws {
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw EmulatorInputError("the state file is not valid JSON: \(error)")
    }
    guard let root = value.objectValue else {
      throw EmulatorInputError("the state file must hold a JSON object")
    }
    for key in root.keys where !["account", "customers", "tags", "campaigns"].contains(key) {
      throw EmulatorInputError(
        "unknown key '\(key)' in the state file (expected account, customers, tags, campaigns)")
    }
    if let account = root["account"] {
      guard let object = account.objectValue else {
        throw EmulatorInputError("account must be an object")
      }
      try self.account.apply(object)
    }
    for (index, item) in (root["customers"]?.arrayValue ?? []).enumerated() {
      guard let object = item.objectValue else {
        throw EmulatorInputError("customers[\(index)] must be an object")
      }
      customers.append(try Self.customer(object, index: index))
    }
    for item in root["tags"]?.arrayValue ?? [] {
      guard let name = item.stringValue, !name.isEmpty else {
        throw EmulatorInputError("tags must be strings")
      }
      if !tags.contains(name) { tags.append(name) }
    }
    for (index, item) in (root["campaigns"]?.arrayValue ?? []).enumerated() {
      guard let object = item.objectValue, let id = object["id"]?.stringValue, !id.isEmpty,
        let texts = object["texts"]?.arrayValue?.compactMap(\.stringValue), !texts.isEmpty
      else {
        throw EmulatorInputError("campaigns[\(index)] needs an id and a non-empty texts array")
      }
      campaigns.append(EmulatedCampaign(id: id, texts: texts))
    }
  }

  private static func customer(
    _ object: JSONObject, index: Int
  ) throws(EmulatorInputError)
    -> EmulatedCustomer
  {
    guard let text = object["phone_number"]?.stringValue, let phone = PhoneNumber(text) else {
      throw EmulatorInputError("customers[\(index)] needs a valid phone_number")
    }
    var customer = EmulatedCustomer(
      id: 0, phone: phone, createdAt: SonarTimestamp(secondsSince1970: 0))
    customer.firstName = object["first_name"]?.stringValue
    customer.lastName = object["last_name"]?.stringValue
    customer.email = object["email"]?.stringValue
    customer.pictureURL = object["picture_url"]?.stringValue
    customer.assignedPhoneNumber = object["assigned_phone_number"]?.stringValue
    customer.externalID = object["external_id"]?.stringValue
    customer.timeZone = object["timezone"]?.stringValue
    if let subscribed = object["subscribed"] {
      customer.isSubscribed = try subscribed.requireBool("customers[\(index)].subscribed")
      if !customer.isSubscribed {
        customer.unsubscribedAt =
          object["unsubscribed_at"]?.stringValue.flatMap(SonarTimestamp.init(iso8601:))
          ?? SonarTimestamp(Date())
      }
    }
    if let state = object["state"]?.stringValue {
      guard ["open", "closed"].contains(state) else {
        throw EmulatorInputError("customers[\(index)].state must be open or closed")
      }
      customer.state = state
    }
    for entry in object["properties"]?.objectValue?.entries ?? [] {
      customer.properties[entry.key] = .string(entry.value.stringValue ?? "")
    }
    if let assignee = object["assignee"]?.objectValue {
      customer.assignee = Assignee(json: assignee)
    }
    return customer
  }
}
