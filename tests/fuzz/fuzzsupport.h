#pragma once

// What every libFuzzer target shares.

#include <QByteArray>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>

namespace Tokenscope::Fuzz {

inline QByteArray bytes(const std::uint8_t* data, std::size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

// The engine warns about what it refuses; at millions of inputs a second that is only noise.
inline void silenceQtMessages()
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString&) {});
}

} // namespace Tokenscope::Fuzz
