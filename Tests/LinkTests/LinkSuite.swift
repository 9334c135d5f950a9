import Testing

/// Every test that opens ports or emulated devices runs one at a time: umockdev
/// redirects /sys and /dev for the whole process while a testbed lives.
@Suite(.serialized) enum LinkSuite {}
