import Testing

@testable import ScenarioModel

@Suite struct SuggestionTests {
  @Test(arguments: [
    ("phoneNumbr", "phoneNumber"),
    ("sonar.sendMesage", "sonar.sendMessage"),
    ("PHONENUMBER", "phoneNumber"),
  ])
  func suggestsNearestName(word: String, expected: String) {
    let candidates = ["phoneNumber", "firstName", "sonar.sendMessage", "sonar.getCustomer"]
    #expect(Suggestion.nearest(to: word, in: candidates) == expected)
  }

  @Test func noSuggestionWhenNothingIsClose() {
    #expect(Suggestion.nearest(to: "zzz", in: ["phoneNumber", "text"]) == nil)
  }

  @Test func editDistanceCountsScalars() {
    #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    #expect(Suggestion.editDistance("", "abc") == 3)
    #expect(Suggestion.editDistance("héllo", "hello") == 1)
  }
}
