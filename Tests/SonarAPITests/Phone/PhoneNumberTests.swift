import SonarAPI
import Testing

@Suite struct PhoneNumberTests {
  @Test(arguments: [
    ("5555555557", "+15555555557"), ("+13105555555", "+13105555555"),
    ("(310) 555-1234", "+13105551234"),
    ("13105551234", "+13105551234"), ("+44 20 7946 0958", "+442079460958"),
    ("310.555.1234", "+13105551234"),
  ])
  func normalisesToE164(_ input: String, _ expected: String) {
    #expect(PhoneNumber(input)?.e164 == expected)
  }

  @Test(arguments: [
    "111", "", "+", "abc", "+1234567", "555555555", "+1234567890123456", "+0123456789",
    "1+3105551234",
  ])
  func refusesWhatIsNotANumber(_ input: String) {
    #expect(PhoneNumber(input) == nil)
  }
}
