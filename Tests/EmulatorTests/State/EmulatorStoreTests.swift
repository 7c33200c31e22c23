import Basics
import Emulator
import Foundation
import SonarAPI
import Testing

/// Sonar's rules (reference §8), through the API and the control API.
@Suite struct EmulatorStoreTests {
  @Test(arguments: [
    "STOP", " stop! ", "Unsubscribe", "stop texting me", "Wrong Number!", "leave me alone",
  ])
  func optOutKeywordsUnsubscribe(_ text: String) async throws {
    try await TestSupport.withEmulator { emulator in
      await emulator.post("/inbound", [("phone_number", "+13105551234"), ("text", .string(text))])
      let customer = await emulator.stateList("customers").first
      #expect(customer?["subscribed"] == false)
      #expect(
        customer?["unsubscribed_at"]?.stringValue.flatMap(SonarTimestamp.init(iso8601:)) != nil)
      let sent = try await TestSupport.form(
        "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=promo")
      #expect(sent.object?["status"] == "unsubscribed")
      #expect(await emulator.stateList("messages").filter { $0["direction"] == "outbound" }.isEmpty)
    }
  }

  @Test(arguments: ["stop please", "don't stop", "start"])
  func otherTextsDoNotUnsubscribe(_ text: String) async throws {
    try await TestSupport.withEmulator { emulator in
      await emulator.post("/inbound", [("phone_number", "+13105551234"), ("text", .string(text))])
      #expect(await emulator.stateList("customers").first?["subscribed"] == true)
    }
  }

  @Test func inboundReopensAClosedCustomer() async throws {
    try await TestSupport.withEmulator { emulator in
      _ = try await TestSupport.form(
        "POST", emulator.baseURL + "/customers", "phone_number=%2B13105551234")
      _ = try await TestSupport.form(
        "POST", emulator.baseURL + "/customers/close", "phone_number=%2B13105551234")
      #expect(await emulator.stateList("customers").first?["state"] == "closed")
      await emulator.post("/inbound", [("phone_number", "+13105551234"), ("text", "hello again")])
      #expect(await emulator.stateList("customers").first?["state"] == "open")
    }
  }

  @Test func resubscribeThroughTheAPI() async throws {
    try await TestSupport.withEmulator { emulator in
      let api = emulator.baseURL
      _ = try await TestSupport.form(
        "POST", api + "/customers", "phone_number=%2B13105551234&subscribed=false")
      #expect(await emulator.stateList("customers").first?["subscribed"] == false)
      let back = try await TestSupport.form(
        "POST", api + "/customers", "phone_number=%2B13105551234&subscribed=true")
      #expect(back.object?["subscribed"] == true)
      #expect(await emulator.stateList("customers").first?["unsubscribed_at"] == .null)
    }
  }

  @Test func sameCustomerWhateverTheNumberFormat() async throws {
    try await TestSupport.withEmulator { emulator in
      _ = try await TestSupport.form("POST", emulator.baseURL + "/messages", "to=5555555557&text=a")
      _ = try await TestSupport.form(
        "POST", emulator.baseURL + "/messages", "to=%2B15555555557&text=b")
      _ = try await TestSupport.form(
        "POST", emulator.baseURL + "/messages", "to=(555)%20555-5557&text=c")
      #expect(await emulator.stateList("customers").count == 1)
      #expect(await emulator.stateList("messages").count == 3)
    }
  }

  @Test func duplicateModeAcceptDropsSilently() async throws {
    try await TestSupport.withEmulator { emulator in
      await emulator.post("/account", [("duplicate_mode", "accept")])
      for _ in 0..<2 {
        let answer = try await TestSupport.form(
          "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=same")
        #expect(answer.status == 202)
      }
      #expect(await emulator.stateList("messages").count == 1)
    }
  }

  @Test func stateFileLoadsAndResetRestoresIt() async throws {
    let file = #"""
      {"account": {"company_name": "Acme", "available_number": "+15550001111"},
       "customers": [{"phone_number": "3105551111", "first_name": "One", "properties": {"vip": "true"},
                      "assignee": {"first_name": "Ann", "last_name": "Agent", "email": "ann@acme.test"}},
                     {"phone_number": "+13105552222", "subscribed": false, "state": "closed"}],
       "tags": ["vip", "vip", "follow_up"],
       "campaigns": [{"id": "welcome", "texts": ["Hi {{first_name}}, {{vip}}"]}]}
      """#
    let state = try EmulatorStateFile(json: Array(file.utf8))
    try await TestSupport.withEmulator(state: state) { emulator in
      let customers = await emulator.stateList("customers")
      #expect(customers.map { $0["phone_number"] } == ["+13105551111", "+13105552222"])
      #expect(customers.first?["assignee"]?.objectValue?["email"] == "ann@acme.test")
      #expect(customers.last?["state"] == "closed" && customers.last?["subscribed"] == false)
      let campaign = try await TestSupport.form(
        "POST", emulator.baseURL + "/campaigns", "to=%2B13105551111&campaign_id=welcome")
      #expect(campaign.status == 202)
      #expect(await emulator.stateList("messages").first?["text"] == "Hi One, true")
      #expect(await emulator.state().objectValue?["tags"] == ["vip", "follow_up"])
      _ = try await TestSupport.form(
        "POST", emulator.baseURL + "/messages", "to=%2B13105559999&text=new")
      let reset = try await TestSupport.send("POST", emulator.rootURL + "/_emulator/reset")
      #expect(reset.status == 200)
      #expect(await emulator.stateList("customers").count == 2)
      #expect(await emulator.stateList("messages").isEmpty)
    }
  }

  @Test(arguments: [
    "[]", "{\"customers\": [{\"phone_number\": \"111\"}]}", "{\"account\": {\"nope\": 1}}",
    "{\"extra\": 1}",
    "{\"campaigns\": [{\"id\": \"x\"}]}",
    "{\"customers\": [{\"phone_number\": \"+13105551111\", \"state\": \"gone\"}]}", "{",
  ])
  func badStateFilesAreRefusedWithAReason(_ text: String) {
    #expect(throws: (any Error).self) { try EmulatorStateFile(json: Array(text.utf8)) }
  }

  @Test func controlAPIOverHTTP() async throws {
    try await TestSupport.withEmulator { emulator in
      let root = emulator.rootURL + "/_emulator"
      #expect(
        try await TestSupport.json("POST", root + "/tags", ["names": ["vip"]].jsonValue).status
          == 200)
      let campaign = try await TestSupport.json(
        "POST", root + "/campaigns", .object(JSONObject([("id", "c1"), ("texts", ["a"])])))
      #expect(campaign.status == 200)
      let inbound = try await TestSupport.json(
        "POST", root + "/inbound",
        .object(JSONObject([("phone_number", "+13105551234"), ("text", "hi")])))
      #expect(inbound.status == 200)
      let bad = try await TestSupport.json(
        "POST", root + "/inbound", .object(JSONObject([("text", "hi")])))
      #expect(bad.status == 400 && bad.error == "phone_number is missing")
      let notFound = try await TestSupport.json(
        "POST", root + "/assign", .object(JSONObject([("phone_number", "+13105550000")])))
      #expect(notFound.status == 404)
      let state = try await TestSupport.send("GET", root + "/state")
      #expect(
        state.object?.keys.starts(with: [
          "customers", "messages", "webhooks", "campaigns", "deliveries",
        ]) == true)
      #expect(state.object?["messages"]?.arrayValue?.count == 1)
    }
  }
}

extension Dictionary where Key == String, Value == [String] {
  var jsonValue: JSONValue {
    .object(JSONObject(map { ($0.key, JSONValue.array($0.value.map(JSONValue.string))) }))
  }
}
