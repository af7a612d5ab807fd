package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"time"

	"github.com/paperboy-reader/paperboy/app"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/uiassets"
	"github.com/paperboy-reader/paperboy/internal/web"
)

func runServe(ctx context.Context, e *Env, args []string) error {
	fset := flags(e, "serve", "[--addr 127.0.0.1:8765] [--allow-remote]")
	addr := fset.String("addr", "127.0.0.1:8765", "address to listen on")
	remote := fset.Bool("allow-remote", false, "allow listening on a non-loopback address (anyone who can reach it can read and change your library)")
	noSync := fset.Bool("no-sync", false, "do not sync recent days at start")
	if err := parse(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return usagef("unexpected argument %q", fset.Arg(0))
	}
	if !web.IsLoopback(*addr) && !*remote {
		return usagef("%s is not a loopback address; pass --allow-remote if you really mean to expose your library", *addr)
	}
	assets, ok := e.Assets.(fs.FS)
	if !ok {
		return errors.New("serve: no frontend assets in this build")
	}
	b, err := e.Open(e.Config)
	if err != nil {
		return err
	}
	defer b.Close()
	broker := web.NewBroker()
	b.Emit = broker.Emit
	ready := b.LoadIndex()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return paper.Wrap(paper.EINVALID, err, "can't listen on %s (is another paperboy serve running?)", *addr)
	}
	srv := web.New(app.Bindings(b), uiassets.Themed(assets, b.Theme), ln.Addr().String(), e.Logger, broker)
	if *remote {
		srv.AllowHost(*addr)
	}
	srv.AllowLargeBody("Library.Import", 1<<30) // a whole library exported as JSON
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(e.Stderr, "Paperboy is serving http://%s/ — press Ctrl+C to stop\n", ln.Addr())
	if !*noSync {
		go func() {
			<-ready
			if err := b.StartSync("", false); err != nil {
				e.Logger.Warn("start sync", "err", err)
			}
		}()
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return hs.Shutdown(shutdown)
}
