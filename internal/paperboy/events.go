package paperboy

import "sync"

// Events the service sends to its front doors, with their payloads.
const (
	EventSyncStatus    = "sync:status"    // SyncStatus, on every change
	EventSyncProgress  = "sync:progress"  // SyncStatus, while a sync runs (older UIs)
	EventSyncDone      = "sync:done"      // SyncStatus, when a sync ends
	EventPapersChanged = "papers:changed" // PapersChanged
	EventSearchReady   = "search:ready"   // SearchReady
	EventSearch        = "app:search"     // SearchRequest: open the palette
	EventNavigate      = "app:navigate"   // Navigate: go to an app address
	EventTopicsNew     = "topics:new"     // TopicsNew
	// EventHotkey: the system-wide key was pressed (the window is up): open
	// the palette, or close it and call DismissSearch when it is open.
	EventHotkey = "app:hotkey" // HotkeyPress
	// EventNotices: damage found and repaired, a read-only directory.
	EventNotices = "app:notices" // NoticesEvent
)

// Payloads maps each event to a value of its payload's type, for the
// frontend's generated types (internal/tsgen).
var Payloads = map[string]any{
	EventSyncStatus: SyncStatus{}, EventSyncProgress: SyncStatus{}, EventSyncDone: SyncStatus{},
	EventPapersChanged: PapersChanged{}, EventSearchReady: SearchReady{}, EventSearch: SearchRequest{},
	EventNavigate: Navigate{}, EventTopicsNew: TopicsNew{}, EventHotkey: HotkeyPress{},
	EventNotices: NoticesEvent{}, EventFullTextProgress: FullTextProgress{}, EventFullTextChanged: FullTextChanged{},
}

// NoticesEvent carries notices that just appeared.
type NoticesEvent struct {
	Notices []Notice `json:"notices"`
}

// HotkeyPress is a press of the system-wide key.
type HotkeyPress struct{}

// PapersChanged says which days' papers changed (none: the whole cache).
type PapersChanged struct {
	Dates []string `json:"dates"`
}

// SearchReady says the index covers the cache.
type SearchReady struct {
	Papers int `json:"papers"`
}

// SearchRequest asks the UI to open the search palette on Query.
type SearchRequest struct {
	Query string `json:"query"`
}

// Navigate asks the UI to show Route ("#/foryou").
type Navigate struct {
	Route string `json:"route"`
}

// TopicsNew says a sync brought new matches for watched topics.
type TopicsNew struct {
	Topics []TopicCount `json:"topics"`
	Total  int          `json:"total"`
}

// TopicCount is how many new matches one topic got.
type TopicCount struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// hub fans events out to the front doors subscribed to them.
type hub struct {
	mu   sync.Mutex
	next int
	subs map[int]func(name string, data any)
}

func newHub() *hub { return &hub{subs: map[int]func(string, any){}} }

// Subscribe calls fn with every event from now on, until the returned
// function is called. fn must not block: it runs on the emitting goroutine.
func (s *Service) Subscribe(fn func(name string, data any)) (unsubscribe func()) {
	h := s.events
	h.mu.Lock()
	id := h.next
	h.next++
	h.subs[id] = fn
	h.mu.Unlock()
	return func() {
		h.mu.Lock()
		delete(h.subs, id)
		h.mu.Unlock()
	}
}

// Emit sends an event to every subscriber; front doors use it to pass on what
// reached them from outside (a notification click, a second launch).
func (s *Service) Emit(name string, data any) { s.emit(name, data) }

func (s *Service) emit(name string, data any) {
	h := s.events
	h.mu.Lock()
	fns := make([]func(string, any), 0, len(h.subs))
	for _, fn := range h.subs {
		fns = append(fns, fn)
	}
	h.mu.Unlock()
	for _, fn := range fns {
		fn(name, data)
	}
}
