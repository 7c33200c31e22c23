import Testing

@testable import Server

@Suite struct IntakeActivityTests {
  @Test func busyOnlyAfterAnAcceptedDeliveryWithinTheQuietPeriod() {
    let activity = IntakeActivity(quietPeriod: .seconds(3600))
    #expect(!activity.isBusy)
    activity.noteAccepted()
    #expect(activity.isBusy)
    let neverBusy = IntakeActivity(quietPeriod: .zero)
    neverBusy.noteAccepted()
    #expect(!neverBusy.isBusy)
  }
}
