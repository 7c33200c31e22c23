import Engine
import Expressions
import Foundation
import OrderedCollections
import SonarAPI

/// Runs the Sonar action modules: maps Make's fields to the API call and the answer to the
/// module's output bundle. With a dry run, writes are described instead of sent; reads still run.
struct SonarRunner: ModuleRunner {
  enum Operation: String, CaseIterable {
    case getCustomer = "sonar.getCustomer"
    case createOrUpdateCustomer = "sonar.createOrUpdateCustomer"
    case unassignAgent = "sonar.unassignAgent"
    case closeCustomer = "sonar.closeCustomer"
    case deleteCustomerProperty = "sonar.deleteCustomerProperty"
    case sendMessage = "sonar.sendMessage"
    case appendTag = "sonar.appendTag"
    case sendCampaign = "sonar.sendCampaign"
    case apiCall = "sonar.apiCall"
  }

  let client: SonarClient

  func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    guard let operation = Operation(rawValue: input.moduleName) else {
      throw ModuleError(.invalidConfigurationError, "'\(input.moduleName)' is not a Sonar module")
    }
    do {
      return try await perform(operation, input, dryRun: context.isDryRun)
    } catch let error as ModuleError {
      throw error
    } catch let error as SonarError {
      if operation == .getCustomer, error.shortDescription == "not_found" {
        // A search that finds nothing outputs no bundle: the path ends quietly, as in Make.
        return []
      }
      throw ModuleError(error)
    } catch {
      throw ModuleError(.runtimeError, "Sonar call failed: \(error)")
    }
  }

  private func perform(_ operation: Operation, _ input: ModuleInput, dryRun: Bool) async throws -> [Value] {
    switch operation {
    case .getCustomer:
      let customer = try await client.customer(phoneNumber: try input.requiredText("phoneNumber"))
      return [Value(json: customer.json)]

    case .createOrUpdateCustomer:
      let update = try customerUpdate(input)
      if dryRun { return [preview("POST", "/customers", input)] }
      let result = try await client.upsertCustomer(update)
      return [Value(json: result.customer.json)]

    case .unassignAgent:
      let phone = try input.requiredText("phoneNumber")
      if dryRun { return [preview("POST", "/customers/unassign", input)] }
      try await client.unassignCustomer(phoneNumber: phone)
      return [.collection(["success": true])]

    case .closeCustomer:
      let phone = try input.requiredText("phoneNumber")
      if dryRun { return [preview("POST", "/customers/close", input)] }
      try await client.closeCustomer(phoneNumber: phone)
      return [.collection(["success": true])]

    case .deleteCustomerProperty:
      let phone = try input.requiredText("phoneNumber")
      let name = try input.requiredText("propertyName")
      if dryRun { return [preview("DELETE", "/customers/properties", input)] }
      let deletion = try await client.deleteProperty(named: name, of: .phoneNumber(phone))
      return [Value(json: deletion.json)]

    case .sendMessage:
      let message = OutgoingMessage(
        to: try input.requiredText("phoneNumber"), text: try input.text("text"), mediaURL: try input.text("mediaUrl"),
        tagNames: try texts(input[field: "tagNames"], field: "tagNames"))
      if message.text == nil && message.mediaURL == nil {
        throw ModuleError(.dataError, "Send a Message needs 'text' or 'mediaUrl'; both are empty for this bundle")
      }
      if dryRun { return [preview("POST", "/messages", input)] }
      let receipt = try await client.sendMessage(message)
      return [Value(json: receipt.json)]

    case .appendTag:
      let id = try input.requiredText("externalMessageId")
      let tag = try input.requiredText("tagName")
      if dryRun { return [preview("POST", "/messages/\(id)/tags", input)] }
      let result = try await client.appendTags([tag], toMessage: id)
      return [Value(json: result.json)]

    case .sendCampaign:
      var sendAt: SonarTimestamp?
      let when = input[field: "sendAt"]
      if !Coercion.isEmpty(when) {
        guard let date = try Coercion.date(from: when, timeZone: TimeZone(secondsFromGMT: 0) ?? .current) else {
          throw ModuleError(.dataError, "'sendAt' is not a date: '\(when.rendered)'")
        }
        sendAt = SonarTimestamp(date)
      }
      let campaign = CampaignSend(
        to: try input.requiredText("to"), campaignID: try input.requiredText("campaignId"), sendAt: sendAt)
      if dryRun { return [preview("POST", "/campaigns", input)] }
      let receipt = try await client.sendCampaign(campaign)
      return [Value(json: receipt.json)]

    case .apiCall:
      let request = try rawRequest(input)
      if dryRun && request.method != "GET" && request.method != "HEAD" {
        return [preview(request.method, request.path, input)]
      }
      let response = try await client.call(request)
      var headers = OrderedDictionary<String, Value>()
      for header in response.headers { headers[header.name.lowercased()] = .text(header.value) }
      let body: Value = response.json.map(Value.init(json:)) ?? .text(response.text)
      return [
        .collection(["statusCode": .number(Double(response.status)), "headers": .collection(headers), "body": body])
      ]
    }
  }

  private func customerUpdate(_ input: ModuleInput) throws -> CustomerUpdate {
    var properties: [CustomerUpdate.Property] = []
    for item in Coercion.array(from: input[field: "properties"]) {
      guard case .collection(let fields) = item, let nameValue = fields["name"], !Coercion.isEmpty(nameValue) else {
        throw ModuleError(.dataError, "each item of 'properties' needs a 'name'")
      }
      let value = fields["value"] ?? .null
      properties.append(
        CustomerUpdate.Property(
          name: try Coercion.text(from: nameValue), value: Coercion.isEmpty(value) ? "" : try Coercion.text(from: value)
        ))
    }
    var subscribed: Bool?
    let subscribedValue = input[field: "subscribed"]
    if !Coercion.isEmpty(subscribedValue) { subscribed = Coercion.boolean(from: subscribedValue) }
    return CustomerUpdate(
      phoneNumber: try input.requiredText("phoneNumber"), firstName: try input.text("firstName"),
      lastName: try input.text("lastName"), email: try input.text("email"), pictureURL: try input.text("pictureUrl"),
      isSubscribed: subscribed, timeZone: try input.text("timezone"), userEmail: try input.text("userEmail"),
      zipCode: try input.text("zipCode"), properties: properties)
  }

  private func rawRequest(_ input: ModuleInput) throws -> RawRequest {
    let url = try input.requiredText("url")
    let method = try input.requiredText("method").uppercased()
    let headers = try pairs(input[field: "headers"], field: "headers")
    let query = try pairs(input[field: "query"], field: "query")
    let bodyValue = input[field: "body"]
    var request = RawRequest(method: method, path: url, query: query, headers: headers)
    if !Coercion.isEmpty(bodyValue) {
      if case .text(let text) = bodyValue {
        request.body = Array(text.utf8)
      } else {
        request = RawRequest(method: method, path: url, query: query, json: bodyValue.json)
        request.headers += headers
      }
    }
    return request
  }

  private func pairs(_ value: Value, field: String) throws -> [RawRequest.Header] {
    try Coercion.array(from: value).compactMap { item throws -> RawRequest.Header? in
      guard case .collection(let fields) = item else {
        throw ModuleError(.dataError, "each item of '\(field)' must be {key, value}")
      }
      guard let key = fields["key"], !Coercion.isEmpty(key) else { return nil }
      let value = fields["value"] ?? .null
      return RawRequest.Header(
        name: try Coercion.text(from: key), value: Coercion.isEmpty(value) ? "" : try Coercion.text(from: value))
    }
  }

  private func texts(_ value: Value, field: String) throws -> [String] {
    try Coercion.array(from: value).filter { !Coercion.isEmpty($0) }.map { try Coercion.text(from: $0) }
  }

  /// What a dry run outputs for a write: the call that would have been made.
  private func preview(_ method: String, _ path: String, _ input: ModuleInput) -> Value {
    .collection([
      "dryRun": true, "method": .text(method), "path": .text(path), "fields": .collection(input.fields),
    ])
  }
}
