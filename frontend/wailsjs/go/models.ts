export namespace app {
	
	export class DayInfo {
	    date: string;
	    count: number;
	    complete: boolean;
	    // Go type: time
	    fetchedAt: any;
	    unread: number;
	
	    static createFrom(source: any = {}) {
	        return new DayInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.count = source["count"];
	        this.complete = source["complete"];
	        this.fetchedAt = this.convertValues(source["fetchedAt"], null);
	        this.unread = source["unread"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DayView {
	    date: string;
	    papers: paper.View[];
	    count: number;
	    unread: number;
	    prev: string;
	    next: string;
	    nearest: string;
	    fetched: boolean;
	    complete: boolean;
	    fetchedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new DayView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.papers = this.convertValues(source["papers"], paper.View);
	        this.count = source["count"];
	        this.unread = source["unread"];
	        this.prev = source["prev"];
	        this.next = source["next"];
	        this.nearest = source["nearest"];
	        this.fetched = source["fetched"];
	        this.complete = source["complete"];
	        this.fetchedAt = source["fetchedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ErrorInfo {
	    code: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new ErrorInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	    }
	}
	export class ForYouItem {
	    paper: paper.View;
	    topics: string[];
	    isNew: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ForYouItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.paper = this.convertValues(source["paper"], paper.View);
	        this.topics = source["topics"];
	        this.isNew = source["isNew"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ForYouView {
	    items: ForYouItem[];
	    newCount: number;
	
	    static createFrom(source: any = {}) {
	        return new ForYouView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], ForYouItem);
	        this.newCount = source["newCount"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Seg {
	    t: string;
	    m: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Seg(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.t = source["t"];
	        this.m = source["m"];
	    }
	}
	export class Hit {
	    paper: paper.View;
	    score: number;
	    field: string;
	    remote: boolean;
	    title: Seg[];
	    authors: Seg[];
	    snippet: Seg[];
	
	    static createFrom(source: any = {}) {
	        return new Hit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.paper = this.convertValues(source["paper"], paper.View);
	        this.score = source["score"];
	        this.field = source["field"];
	        this.remote = source["remote"];
	        this.title = this.convertValues(source["title"], Seg);
	        this.authors = this.convertValues(source["authors"], Seg);
	        this.snippet = this.convertValues(source["snippet"], Seg);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Link {
	    kind: string;
	    label: string;
	    url: string;
	
	    static createFrom(source: any = {}) {
	        return new Link(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.label = source["label"];
	        this.url = source["url"];
	    }
	}
	export class PaperDetail {
	    paper: paper.View;
	    links: Link[];
	    history: paper.Point[];
	    submittedBy: string;
	
	    static createFrom(source: any = {}) {
	        return new PaperDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.paper = this.convertValues(source["paper"], paper.View);
	        this.links = this.convertValues(source["links"], Link);
	        this.history = this.convertValues(source["history"], paper.Point);
	        this.submittedBy = source["submittedBy"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RangeView {
	    from: string;
	    to: string;
	    papers: paper.View[];
	    count: number;
	    unread: number;
	
	    static createFrom(source: any = {}) {
	        return new RangeView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.papers = this.convertValues(source["papers"], paper.View);
	        this.count = source["count"];
	        this.unread = source["unread"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RisingItem {
	    paper: paper.View;
	    gain: number;
	    history: paper.Point[];
	
	    static createFrom(source: any = {}) {
	        return new RisingItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.paper = this.convertValues(source["paper"], paper.View);
	        this.gain = source["gain"];
	        this.history = this.convertValues(source["history"], paper.Point);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SettingsInfo {
	    dataDir: string;
	    cacheBytes: number;
	    papers: number;
	    days: number;
	    version: string;
	    syncInterval: number;
	    hasToken: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SettingsInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dataDir = source["dataDir"];
	        this.cacheBytes = source["cacheBytes"];
	        this.papers = source["papers"];
	        this.days = source["days"];
	        this.version = source["version"];
	        this.syncInterval = source["syncInterval"];
	        this.hasToken = source["hasToken"];
	    }
	}
	export class SyncStatus {
	    running: boolean;
	    done: number;
	    total: number;
	    date: string;
	    message: string;
	    lastSynced: string;
	    online: boolean;
	    error?: ErrorInfo;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.date = source["date"];
	        this.message = source["message"];
	        this.lastSynced = source["lastSynced"];
	        this.online = source["online"];
	        this.error = this.convertValues(source["error"], ErrorInfo);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Topic {
	    id: string;
	    name: string;
	    query: string;
	    created: string;
	    lastSeen: string;
	    newCount: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Topic(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.query = source["query"];
	        this.created = source["created"];
	        this.lastSeen = source["lastSeen"];
	        this.newCount = source["newCount"];
	        this.total = source["total"];
	    }
	}
	export class TopicFeed {
	    topic: Topic;
	    items: ForYouItem[];
	
	    static createFrom(source: any = {}) {
	        return new TopicFeed(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.topic = this.convertValues(source["topic"], Topic);
	        this.items = this.convertValues(source["items"], ForYouItem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace export {
	
	export class ImportReport {
	    papers: number;
	    states: number;
	    topics: number;
	    settings: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.papers = source["papers"];
	        this.states = source["states"];
	        this.topics = source["topics"];
	        this.settings = source["settings"];
	    }
	}

}

export namespace paper {
	
	export class Point {
	    // Go type: time
	    at: any;
	    upvotes: number;
	    githubStars?: number;
	
	    static createFrom(source: any = {}) {
	        return new Point(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = this.convertValues(source["at"], null);
	        this.upvotes = source["upvotes"];
	        this.githubStars = source["githubStars"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class State {
	    read: boolean;
	    saved: boolean;
	    // Go type: time
	    readAt: any;
	    // Go type: time
	    savedAt: any;
	
	    static createFrom(source: any = {}) {
	        return new State(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.read = source["read"];
	        this.saved = source["saved"];
	        this.readAt = this.convertValues(source["readAt"], null);
	        this.savedAt = this.convertValues(source["savedAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class View {
	    id: string;
	    title: string;
	    abstract: string;
	    authors: string[];
	    authorCount: number;
	    upvotes: number;
	    numComments: number;
	    day: string;
	    publishedAt: string;
	    githubRepo: string;
	    githubStars: number;
	    projectPage: string;
	    organization: string;
	    aiSummary: string;
	    aiKeywords: string[];
	    thumbnail: string;
	    read: boolean;
	    saved: boolean;
	    isNew: boolean;
	
	    static createFrom(source: any = {}) {
	        return new View(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.abstract = source["abstract"];
	        this.authors = source["authors"];
	        this.authorCount = source["authorCount"];
	        this.upvotes = source["upvotes"];
	        this.numComments = source["numComments"];
	        this.day = source["day"];
	        this.publishedAt = source["publishedAt"];
	        this.githubRepo = source["githubRepo"];
	        this.githubStars = source["githubStars"];
	        this.projectPage = source["projectPage"];
	        this.organization = source["organization"];
	        this.aiSummary = source["aiSummary"];
	        this.aiKeywords = source["aiKeywords"];
	        this.thumbnail = source["thumbnail"];
	        this.read = source["read"];
	        this.saved = source["saved"];
	        this.isNew = source["isNew"];
	    }
	}

}

