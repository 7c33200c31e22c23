import Basics
import SonarAPI

extension EmulatorStore {
  /// `POST /customers`: upsert by phone; 201 created, 200 updated; only the given fields change and
  /// properties merge key by key.
  func upsertCustomer(_ parameters: JSONObject) -> EmulatorResponse {
    if let missing = missing(["phone_number"], in: parameters) { return missing }
    let phoneText = parameters["phone_number"]?.stringValue ?? ""
    guard let phone = PhoneNumber(phoneText) else { return .error(400, "Invalid Phone Number") }
    var events: [EmulatorEvent] = []
    let isNew = customers[phone.e164] == nil
    guard var customer = findOrCreateCustomer(phone, events: &events) else {
      return .error(403, "Trial Customer Limit Reached")
    }
    if let value = parameters["first_name"] { customer.firstName = value.stringValue }
    if let value = parameters["last_name"] { customer.lastName = value.stringValue }
    if let value = parameters["email"] { customer.email = value.stringValue }
    if let value = parameters["picture_url"] { customer.pictureURL = value.stringValue }
    if let value = parameters["timezone"] { customer.timeZone = value.stringValue }
    if let value = parameters["properties"] {
      guard let properties = value.objectValue else { return .error(400, "properties is invalid") }
      for entry in properties.entries {
        guard let text = entry.value.stringValue ?? (entry.value.isNull ? "" : nil) else {
          return .error(400, "properties[\(entry.key)] is invalid")
        }
        customer.properties[entry.key] = .string(text)
      }
    }
    if let value = parameters["subscribed"] {
      guard let subscribed = value.boolValue else { return .error(400, "subscribed is invalid") }
      if subscribed != customer.isSubscribed {
        customer.isSubscribed = subscribed
        customer.unsubscribedAt = subscribed ? nil : now
        customers[phone.e164] = customer
        events.append(
          subscribed
            ? WebhookPayloads.customerSubscribed(customer)
            : WebhookPayloads.customerUnsubscribed(customer))
      }
    }
    customers[phone.e164] = customer
    if isNew,
      let index = events.firstIndex(where: {
        $0.action == WebhookEventKind.customerCreated.rawValue
      })
    {
      // The created event carries the customer as stored after this call.
      events[index] = WebhookPayloads.customerCreated(customer, uuid: events[index].uuid)
    }
    publish(events)
    return EmulatorResponse(
      status: isNew ? 201 : 200, body: customer.upsertJSON(echoing: phoneText))
  }

  /// `GET /customers?phone_number=`.
  func getCustomer(_ parameters: JSONObject) -> EmulatorResponse {
    if let missing = missing(["phone_number"], in: parameters) { return missing }
    guard let phone = PhoneNumber(parameters["phone_number"]?.stringValue ?? "") else {
      return .error(400, "Invalid Phone Number")
    }
    guard let customer = customer(for: phone) else { return .error(404, "Customer not found") }
    return EmulatorResponse(status: 200, body: customer.lookupJSON)
  }

  private func existingCustomer(
    _ parameters: JSONObject
  ) -> Result<
    EmulatedCustomer, EmulatorResponseError
  > {
    if let missing = missing(["phone_number"], in: parameters) { return .failure(.init(missing)) }
    guard let phone = PhoneNumber(parameters["phone_number"]?.stringValue ?? "") else {
      return .failure(.init(.error(400, "Invalid Phone Number")))
    }
    guard let customer = customer(for: phone) else {
      return .failure(.init(.error(404, "Customer not found")))
    }
    return .success(customer)
  }

  /// `POST /customers/close`: unassign and close; fires `customer_state_changed` when it was open.
  func closeCustomer(_ parameters: JSONObject) -> EmulatorResponse {
    switch existingCustomer(parameters) {
    case .failure(let error): return error.response
    case .success(var customer):
      let previous = customer.state
      customer.assignee = nil
      customer.state = "closed"
      customers[customer.phone.e164] = customer
      if previous != "closed" {
        publish([WebhookPayloads.customerStateChanged(customer, from: previous)])
      }
      return .success
    }
  }

  /// `POST /customers/unassign`: clears the assignee.
  func unassignCustomer(_ parameters: JSONObject) -> EmulatorResponse {
    switch existingCustomer(parameters) {
    case .failure(let error): return error.response
    case .success(var customer):
      customer.assignee = nil
      customers[customer.phone.e164] = customer
      return .success
    }
  }

  /// `DELETE /customers/properties`, by `phone_number` or `email`.
  func deleteProperty(_ parameters: JSONObject) -> EmulatorResponse {
    let phoneText = parameters["phone_number"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    let email = parameters["email"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    if phoneText == nil && email == nil {
      return .error(400, "phone_number, email are missing, exactly one parameter must be provided")
    }
    if let missing = missing(["property_name"], in: parameters) { return missing }
    let name = parameters["property_name"]?.stringValue ?? ""
    var found: EmulatedCustomer?
    if let phoneText {
      guard let phone = PhoneNumber(phoneText) else { return .error(400, "Invalid Phone Number") }
      found = customer(for: phone)
    } else if let email {
      found = orderedCustomers().first { $0.email?.lowercased() == email.lowercased() }
    }
    guard var customer = found else { return .error(404, "Customer not found") }
    let removed = customer.properties[name]
    customer.properties[name] = nil
    customers[customer.phone.e164] = customer
    return .json(
      200,
      [
        ("property_name", .string(name)),
        ("property_value", removed ?? .null),
        ("email", .optional(customer.email)),
        ("phone_number", .string(customer.phone.e164)),
        ("deleted", .bool(removed != nil)),
      ])
  }
}

/// Carries an early answer out of a lookup.
struct EmulatorResponseError: Error {
  var response: EmulatorResponse
  init(_ response: EmulatorResponse) { self.response = response }
}
