import Foundation
import History
import SonarflowTesting
import Testing

@Suite struct BegunTriggersTests {
  private func execution(_ id: String, bundle: String) -> ExecutionRecord {
    var record = HistoryStoreConformance.sampleRecord(id: id, status: .running)
    record.triggerBundle = Data(bundle.utf8)
    return record
  }

  @Test func finishGetsWhatBeginStoredForTheSameBytesOnce() {
    let triggers = BegunTriggers()
    let begun = execution("a", bundle: #"{"text":"hello"}"#)
    let stored = StoredRecord(begun)
    triggers.remember(begun, stored: stored)
    #expect(triggers.take(begun) == stored.record.triggerBundle)
    #expect(triggers.take(begun) == nil)
  }

  @Test func anotherBundleIsNotGivenTheStoredForm() {
    let triggers = BegunTriggers()
    let begun = execution("a", bundle: #"{"text":"hello"}"#)
    triggers.remember(begun, stored: StoredRecord(begun))
    #expect(triggers.take(execution("a", bundle: #"{"text":"hellp"}"#)) == nil)
    #expect(triggers.take(execution("b", bundle: #"{"text":"hello"}"#)) == nil)
  }

  @Test func aFullCacheForgetsAndStaysBounded() {
    let triggers = BegunTriggers(capacity: 2)
    let first = execution("1", bundle: "one")
    let second = execution("2", bundle: "two")
    let third = execution("3", bundle: "three")
    for record in [first, second, third] { triggers.remember(record, stored: StoredRecord(record)) }
    #expect(triggers.take(first) == nil)
    #expect(triggers.take(second) == nil)
    #expect(triggers.take(third) == StoredRecord(third).record.triggerBundle)
  }

  @Test func aStoredRecordKeepsTheGivenTriggerForm() throws {
    let record = execution("a", bundle: #"{"text":"hello"}"#)
    let given = StoredBundle.encode(Data(#"{"text":"hello"}"#.utf8))
    let stored = StoredRecord(record, storedTrigger: given)
    #expect(stored.record.triggerBundle == given)
    #expect(try StoredBundle.decode(stored.record.triggerBundle) == record.triggerBundle)
  }
}
