"""One small function per user action: ask, call one service, report."""
