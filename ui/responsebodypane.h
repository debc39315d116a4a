#pragma once

#include "bodybuffer.h"
#include "linedocument.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QButtonGroup;
class QLabel;
class QProgressBar;
class QStackedWidget;

namespace Tokenscope::Ui {

class BodySearchBar;
class BodyView;

// The body of a response: Pretty, Raw, Hex or an image Preview of the received bytes, shown from a
// line document so a body of any size opens at once; search, go to line, and save to a file.
class ResponseBodyPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponseBodyPane)

public:
    enum class Mode { Pretty, Raw, Hex, Preview };

    explicit ResponseBodyPane(QWidget* parent = nullptr);
    ~ResponseBodyPane() override;

    // The one place that decides which document shows a body in a mode.
    static std::unique_ptr<Body::LineDocument> documentFor(
        const std::shared_ptr<const Body::BodyBuffer>& buffer, const QByteArray& contentType, Mode mode);
    // The mode a body opens in: Pretty for text, Hex for binary, Preview for a small image.
    static Mode defaultMode(const Body::BodyBuffer& buffer, const QByteArray& contentType);

    void setBody(std::shared_ptr<const Body::BodyBuffer> buffer, const QByteArray& contentType);
    // A message in place of a body (an error), shown as text.
    void setText(const QString& text);
    void clear();
    void showProgress(qint64 received, qint64 total);
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    bool hasBody() const { return m_buffer && m_buffer->size() > 0; }
    const std::shared_ptr<const Body::BodyBuffer>& buffer() const { return m_buffer; }
    BodyView* view() const { return m_view; }
    // The first lines of what is shown, for tests and accessibility.
    QString shownText(qint64 maxLines = 100'000) const;
    // Writes the body as received to path in chunks on a worker thread; saved() reports the outcome.
    void saveTo(const QString& path);

Q_SIGNALS:
    // The outcome of saveTo(): empty on success, else why it failed.
    void saved(const QString& path, const QString& error);

private:
    void showDocument();
    void showAsReceived(const QString& message, qint64 offset);

    BodyView* m_view;
    BodySearchBar* m_searchBar;
    QStackedWidget* m_stack;
    QLabel* m_preview;
    QButtonGroup* m_modes;
    QWidget* m_modeBar;
    QProgressBar* m_progress;
    QLabel* m_progressLabel;
    QLabel* m_notice;
    std::shared_ptr<const Body::BodyBuffer> m_buffer;
    QByteArray m_contentType;
    std::unique_ptr<Body::LineDocument> m_document;
    Mode m_mode = Mode::Raw;
    QFutureWatcher<QString> m_saver;
    QString m_savePath;
};

} // namespace Tokenscope::Ui
