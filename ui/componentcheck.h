#pragma once

#include <chrono>

namespace Tokenscope::Ui {

// How long --check-components waits for the keychain: a D-Bus session that takes the call but never
// answers must not hang an installer's check.
inline constexpr std::chrono::seconds keychainProbeTimeout {10};

// --check-components: prints one line for the sign-in component (the plugin file loaded) and one for the
// keychain (a test entry written, read back and removed under the application's service name, and the
// backend that answered). Returns the exit status: 0 when the sign-in component loads, 1 when it is
// missing or broken. A keychain that cannot be used is reported, but is not a fault of the installation:
// Tokenscope then keeps secrets in memory.
int checkComponents();

} // namespace Tokenscope::Ui
