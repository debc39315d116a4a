#pragma once

#include "flowevent.h"

#include <QObject>

namespace Tokenscope::Http {

// The ordered record of every exchange of one workspace session. Events are redacted on the way in,
// so whatever reads the log (timeline, export, tests) never sees a secret.
class FlowLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlowLog)

public:
    explicit FlowLog(QObject* parent = nullptr);

    void append(FlowEvent event);
    void note(const QString& summary);
    void failure(const QString& summary);
    void clear();
    // Values that are secret wherever they appear (secret variables: API keys, passwords), masked in
    // every event from now on.
    void setSecretValues(const QStringList& values);

    const QList<FlowEvent>& events() const { return m_events; }

Q_SIGNALS:
    void eventAboutToBeAppended(int index);
    void eventAppended(int index);
    void cleared();

private:
    QList<FlowEvent> m_events;
    QStringList m_secretValues;
};

} // namespace Tokenscope::Http
