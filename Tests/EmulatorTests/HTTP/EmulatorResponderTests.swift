import Basics
import Emulator
import SonarAPI
import Testing

/// The HTTP surface: both encodings, the token wherever Sonar accepts it, and bad input answered
/// with Sonar's error shape, never a crash.
@Suite struct EmulatorResponderTests {
  @Test func acceptsTheTokenInEveryDocumentedPlace() async throws {
    try await TestSupport.withEmulator { emulator in
      let api = emulator.baseURL
      let body = Array("phone_number=%2B13105551234".utf8)
      let form = ("Content-Type", "application/x-www-form-urlencoded")
      for headers in [
        [form, ("X-Token", TestSupport.token)], [form, ("Token", TestSupport.token)],
      ] {
        #expect(
          try await TestSupport.send("POST", api + "/customers", headers: headers, body: body)
            .status != 401)
      }
      let inQuery = try await TestSupport.send(
        "POST", api + "/customers?token=\(TestSupport.token)", headers: [form], body: body)
      #expect(inQuery.status == 200)
      let inBody = try await TestSupport.send(
        "POST", api + "/customers", headers: [form],
        body: Array("phone_number=%2B13105551234&token=\(TestSupport.token)".utf8))
      #expect(inBody.status == 200)
      let missing = try await TestSupport.send(
        "POST", api + "/customers", headers: [form], body: body)
      #expect(missing.status == 401 && missing.error == "Token or publishable_key not found")
      let wrong = try await TestSupport.form(
        "GET", api + "/customers?phone_number=%2B13105551234", "", token: "nope")
      #expect(wrong.status == 401)
    }
  }

  @Test func formAndJSONBodiesAreEquivalent() async throws {
    try await TestSupport.withEmulator { emulator in
      let api = emulator.baseURL
      let viaForm = try await TestSupport.form(
        "POST", api + "/customers",
        "phone_number=%2B13105555555&email=five%40example.com&first_name=Five&last_name=Example&properties[great_customer]=true"
      )
      #expect(viaForm.status == 201)
      #expect(
        viaForm.json?.serialized
          == #"{"phone_number":"+13105555555","email":"five@example.com","first_name":"Five","last_name":"Example","subscribed":true,"properties":{"great_customer":"true"},"assignee":null}"#
      )
      let viaJSON = try await TestSupport.json(
        "POST", api + "/customers",
        .object(
          JSONObject([
            ("phone_number", "+13105555555"),
            ("properties", .object(JSONObject([("tier", "gold")]))),
          ])))
      #expect(viaJSON.status == 200)
      #expect(
        viaJSON.object?["properties"]
          == .object(JSONObject([("great_customer", "true"), ("tier", "gold")])))
      let webhook = try await TestSupport.form(
        "POST", api + "/webhooks",
        "webhook[name]=n&webhook[active]=true&webhook[settings][outbound_message]=true&webhook[url]=http%3A%2F%2F127.0.0.1%3A9%2Fh&webhook[http_method]=POST"
      )
      #expect(webhook.status == 201)
      #expect(webhook.object?["settings"] == .object(JSONObject([("outbound_message", "true")])))
      #expect(webhook.object?["active"] == true)
    }
  }

  @Test func recordedAnswersAreReproduced() async throws {
    try await TestSupport.withEmulator { emulator in
      let api = emulator.baseURL
      let sent = try await TestSupport.form(
        "POST", api + "/messages", "to=5555555557&text=this%20is%20the%20message%20text")
      #expect(sent.status == 202)
      #expect(
        sent.json?.serialized
          == #"{"to":"5555555557","text":"this is the message text","status":"queued"}"#)
      let badParams = try await TestSupport.form("POST", api + "/messages", "toz=5555555558")
      #expect(badParams.status == 400 && badParams.error == "text is missing, to is missing")
      let badCustomer = try await TestSupport.form(
        "POST", api + "/customers", "phone_numbah=5555555558")
      #expect(badCustomer.status == 400 && badCustomer.error == "phone_number is missing")
      let invalid = try await TestSupport.form("POST", api + "/messages", "to=111&text=x")
      #expect(invalid.status == 400 && invalid.error == "Invalid Phone Number")
      let closed = try await TestSupport.form(
        "POST", api + "/customers/close", "phone_number=%2B15555555557")
      #expect(closed.status == 201 && closed.json?.serialized == #"{"success":true}"#)
      let available = try await TestSupport.send(
        "GET", api + "/phone_numbers/available",
        headers: [("X-Publishable-Key", "test-publishable-key")])
      #expect(available.json?.serialized == #"{"available_number":"7573780424"}"#)
      let badKey = try await TestSupport.send(
        "GET", api + "/phone_numbers/available", headers: [("X-Publishable-Key", "x")])
      #expect(badKey.status == 401 && badKey.error == "Token or publishable_key not found")
    }
  }

  @Test(arguments: [
    ("application/json", "{\"to\": ", 400),
    ("application/json", "[1, 2]", 400),
    ("application/json", "{\"to\": \"\\uZZZZ\"}", 400),
    ("application/json", String(repeating: "[", count: 5000), 400),
    ("application/x-www-form-urlencoded", "to=%ZZ&text", 400),
    ("application/x-www-form-urlencoded", "[]=&=&a[b]c=1&%%%", 400),
    ("application/json", "{\"to\": 5, \"text\": {\"nested\": true}}", 400),
    ("application/xml", "<to>1</to>", 415),
    ("", "{\"to\":\"+13105551234\",\"text\":null}", 400),
  ])
  func malformedBodiesGetSonarsErrorShape(
    _ contentType: String, _ body: String, _ status: Int
  )
    async throws
  {
    try await TestSupport.withEmulator { emulator in
      var headers = [("Token", TestSupport.token)]
      if !contentType.isEmpty { headers.append(("Content-Type", contentType)) }
      let answer = try await TestSupport.send(
        "POST", emulator.baseURL + "/messages", headers: headers, body: Array(body.utf8))
      #expect(answer.status == status)
      #expect(answer.object?.keys == ["error"])
      #expect(answer.error?.isEmpty == false)
    }
  }

  @Test func invalidUTF8FormIsRefused() async throws {
    try await TestSupport.withEmulator { emulator in
      let answer = try await TestSupport.send(
        "POST", emulator.baseURL + "/messages",
        headers: [
          ("Token", TestSupport.token), ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body: [0x74, 0x6F, 0x3D, 0xFF, 0xFE])
      #expect(answer.status == 400 && answer.error == "Invalid form body")
    }
  }

  @Test func bodiesOverOneMegabyteAreRefused() async throws {
    try await TestSupport.withEmulator { emulator in
      let huge = Array("text=".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 1_100_000)
      let answer = try await TestSupport.send(
        "POST", emulator.baseURL + "/messages",
        headers: [
          ("Token", TestSupport.token), ("Content-Type", "application/x-www-form-urlencoded"),
        ], body: huge)
      #expect(answer.status == 413)
      #expect(answer.object?.keys == ["error"])
      // Still serving afterwards.
      let next = try await TestSupport.form(
        "POST", emulator.baseURL + "/messages", "to=%2B13105551234&text=ok")
      #expect(next.status == 202)
    }
  }

  @Test(arguments: [
    ("GET", "/api/v1/nothing", 404), ("PUT", "/api/v1/messages", 405),
    ("GET", "/api/v1/messages", 405),
    ("GET", "/", 404), ("POST", "/_emulator/nothing", 404), ("GET", "/api/v1/messages/x/y/z", 404),
    ("DELETE", "/api/v1/webhooks/not-a-number", 404),
  ])
  func unknownRoutesAnswerJSON(_ method: String, _ path: String, _ status: Int) async throws {
    try await TestSupport.withEmulator { emulator in
      let answer = try await TestSupport.send(
        method, emulator.rootURL + path, headers: [("X-Token", TestSupport.token)])
      #expect(answer.status == status)
      #expect(answer.object?.keys == ["error"])
    }
  }

  @Test func validationMessages() async throws {
    try await TestSupport.withEmulator { emulator in
      let api = emulator.baseURL
      let cases: [(String, String, String, String)] = [
        (
          "DELETE", "/customers/properties", "property_name=foo",
          "phone_number, email are missing, exactly one parameter must be provided"
        ),
        ("DELETE", "/customers/properties", "email=a%40b.c", "property_name is missing"),
        ("POST", "/campaigns", "", "to is missing, campaign_id is missing"),
        (
          "POST", "/campaigns", "to=%2B13105551234&campaign_id=x&send_at=tomorrow",
          "send_at is invalid"
        ),
        ("POST", "/webhooks", "", "webhook is missing"),
        (
          "POST", "/webhooks", "webhook[name]=n",
          "webhook[active] is missing, webhook[settings] is missing, webhook[url] is missing, webhook[http_method] is missing"
        ),
        ("GET", "/customers", "", "phone_number is missing"),
        (
          "POST", "/customers", "phone_number=%2B13105551234&subscribed=maybe",
          "subscribed is invalid"
        ),
      ]
      for (method, path, body, message) in cases {
        let answer = try await TestSupport.form(method, api + path, body)
        #expect(answer.status == 400, "\(method) \(path)")
        #expect(answer.error == message, "\(method) \(path)")
      }
    }
  }
}
