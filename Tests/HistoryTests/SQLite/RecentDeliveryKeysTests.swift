import Synchronization
import Testing

@testable import SQLiteHistory

/// The in-memory de-duplication keys: a twin of a delivery being committed waits for the commit.
@Suite struct RecentDeliveryKeysTests {
  let key = RecentDeliveryKeys.Digest(hook: "orders", key: "uuid:1")

  @Test func aKeyIsNewOnceThenADuplicate() async {
    let keys = RecentDeliveryKeys()
    keys.load([])
    #expect(await keys.claim(key) == .new)
    keys.settle(key, stored: true)
    #expect(await keys.claim(key) == .duplicate)
    #expect(await keys.claim(RecentDeliveryKeys.Digest(hook: "refunds", key: "uuid:1")) == .new)
  }

  @Test func loadedKeysAreDuplicatesAndForgottenOnesAreNew() async {
    let keys = RecentDeliveryKeys()
    keys.load([key])
    #expect(await keys.claim(key) == .duplicate)
    keys.forget([key])
    #expect(await keys.claim(key) == .new)
  }

  /// The twin is answered only once the first is on disk: a duplicate if it was stored.
  @Test func aTwinWaitsForTheFirstCommit() async throws {
    let keys = RecentDeliveryKeys()
    keys.load([])
    let key = self.key
    #expect(await keys.claim(key) == .new)
    let answered = Atomic<Bool>(false)
    let twin = Task {
      let claim = await keys.claim(key)
      answered.store(true, ordering: .sequentiallyConsistent)
      return claim
    }
    try await Task.sleep(for: .milliseconds(100))
    let answeredEarly = answered.load(ordering: .sequentiallyConsistent)
    #expect(!answeredEarly, "the twin was answered before the first was stored")
    keys.settle(key, stored: true)
    #expect(await twin.value == .duplicate)
  }

  /// When the first could not be stored, one waiting twin becomes the new delivery and the
  /// others are duplicates of it once it is stored.
  @Test func aTwinTakesOverWhenTheFirstFails() async throws {
    let keys = RecentDeliveryKeys()
    keys.load([])
    let key = self.key
    #expect(await keys.claim(key) == .new)
    let claims = await withTaskGroup(of: RecentDeliveryKeys.Claim.self) { group in
      for _ in 0..<3 {
        group.addTask {
          let claim = await keys.claim(key)
          if claim == .new {
            try? await Task.sleep(for: .milliseconds(20))
            keys.settle(key, stored: true)
          }
          return claim
        }
      }
      try? await Task.sleep(for: .milliseconds(50))
      keys.settle(key, stored: false)
      return await group.reduce(into: []) { $0.append($1) }
    }
    #expect(claims.filter { $0 == .new }.count == 1)
    #expect(claims.filter { $0 == .duplicate }.count == 2)
  }
}
