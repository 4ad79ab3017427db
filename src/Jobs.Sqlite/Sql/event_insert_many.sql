-- One event; a batch runs this for each event in one write transaction.
insert into event (at, type, job_id, task, queue, worker, data)
values (@at, @type, @job_id, @task, @queue, @worker, @data);
