//! A TCP proxy in front of PostgreSQL for the outage and slow-database tests.

/// A TCP proxy in front of PostgreSQL that a test can cut and restore, to play an outage.
pub struct PgProxy {
    pub port: u16,
    task: Option<tokio::task::JoinHandle<()>>,
    /// Milliseconds each answer from PostgreSQL is held back (a slow network).
    pub delay_ms: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl PgProxy {
    pub async fn start(port: u16) -> PgProxy {
        // The proxy runs on a runtime of its own: a test's synchronous database calls (the
        // fixtures' `seed_user`) block the test's thread, which must not be the one that
        // forwards their bytes.
        let std_listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("proxy bind");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let port = std_listener.local_addr().expect("proxy addr").port();
        let delay_ms = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let delay = delay_ms.clone();
        let task = runtime().spawn(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
            // Dropping the set (when this task is aborted) closes every proxied connection.
            let mut conns = tokio::task::JoinSet::new();
            while let Ok((inbound, _)) = listener.accept().await {
                let delay = delay.clone();
                conns.spawn(async move {
                    if let Ok(outbound) = tokio::net::TcpStream::connect("127.0.0.1:5432").await {
                        proxy_one(inbound, outbound, delay).await;
                    }
                });
            }
        });
        PgProxy {
            port,
            task: Some(task),
            delay_ms,
        }
    }

    /// Cuts every connection and refuses new ones.
    pub async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

/// The proxies' runtime, shared by every test that uses one.
fn runtime() -> &'static tokio::runtime::Handle {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("proxy runtime")
    })
    .handle()
}

/// Copies both ways; what PostgreSQL sends is held back `delay` milliseconds per chunk.
async fn proxy_one(
    inbound: tokio::net::TcpStream,
    outbound: tokio::net::TcpStream,
    delay: std::sync::Arc<std::sync::atomic::AtomicU64>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (mut in_read, mut in_write) = inbound.into_split();
    let (mut out_read, mut out_write) = outbound.into_split();
    let up = async move {
        let _ = tokio::io::copy(&mut in_read, &mut out_write).await;
    };
    let down = async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n) = out_read.read(&mut buf).await {
            if n == 0 {
                break;
            }
            let ms = delay.load(std::sync::atomic::Ordering::Relaxed);
            if ms > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            }
            if in_write.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    tokio::join!(up, down);
}
